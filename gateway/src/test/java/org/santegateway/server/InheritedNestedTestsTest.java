package org.santegateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * A test class that runs another's tests on another store (the {@code ...OnPostgresqlTest} classes) runs none of its
 * {@code @Nested} tests unless it declares them again: JUnit does not discover the nested classes of a superclass.
 * This keeps such a class from passing while running nothing.
 */
class InheritedNestedTestsTest {
    @Test
    void subclassesOfTestClassesShouldDeclareEveryNestedClassOfTheirParentAgain() {
        JavaClasses tests = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("org.santegateway.server");
        List<String> missing = new ArrayList<>();
        for (JavaClass test : tests) {
            if (test.isNestedClass() || test.getRawSuperclass().isEmpty()) {
                continue;
            }
            JavaClass parent = test.getRawSuperclass().get();
            for (JavaClass nested : tests) {
                if (nested.getEnclosingClass().filter(parent::equals).isPresent() && nested.isAnnotatedWith(Nested.class)) {
                    boolean redeclared = tests.stream().anyMatch(candidate -> candidate.getEnclosingClass().filter(test::equals).isPresent()
                        && candidate.isAnnotatedWith(Nested.class) && candidate.getRawSuperclass().filter(nested::equals).isPresent());
                    if (!redeclared) {
                        missing.add(test.getSimpleName() + " lacks @Nested class " + nested.getSimpleName() + " extends "
                            + parent.getSimpleName() + "." + nested.getSimpleName());
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
