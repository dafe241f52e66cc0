package org.santegateway.server;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The dependency rules of the gateway module, checked on its compiled production classes, and
 * its package diagram in ARCHITECTURE.md kept true.
 */
class ArchitectureTest {
    private static final String ROOT = "org.santegateway.server";
    private static final Pattern PACKAGE_OF = Pattern.compile("^" + Pattern.quote(ROOT) + "\\.([a-z0-9]+)\\.");
    private static final Pattern EDGE = Pattern.compile("^\\s*([a-z0-9]+)\\s*-->\\s*([a-z0-9]+)\\s*$");
    private static final Pattern NODE = Pattern.compile("^\\s*([a-z0-9]+)\\s*$");

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);

    @Test
    void packagesShouldBeFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles()
            .check(CLASSES);
    }

    @Test
    void architectureDiagramShouldShowEveryPackageAndOnlyRealDependencies() throws IOException {
        SortedSet<String> packages = new TreeSet<>();
        SortedSet<String> edges = new TreeSet<>();
        for (JavaClass javaClass : CLASSES) {
            String from = topLevelPackage(javaClass.getName());
            if (from == null) {
                continue;
            }
            packages.add(from);
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                String to = topLevelPackage(dependency.getTargetClass().getName());
                if (to != null && !to.equals(from)) {
                    edges.add(from + " --> " + to);
                }
            }
        }
        SortedSet<String> nodes = new TreeSet<>();
        SortedSet<String> drawn = new TreeSet<>();
        String text = Files.readString(Path.of("..", "ARCHITECTURE.md"), StandardCharsets.UTF_8);
        int at = text.indexOf("%% gateway packages");
        assertThat(at).as("the gateway diagram in ARCHITECTURE.md").isNotNegative();
        for (String line : text.substring(at, text.indexOf("```", at)).split("\n")) {
            Matcher edge = EDGE.matcher(line);
            Matcher node = NODE.matcher(line);
            if (edge.matches()) {
                drawn.add(edge.group(1) + " --> " + edge.group(2));
                nodes.add(edge.group(1));
                nodes.add(edge.group(2));
            } else if (node.matches()) {
                nodes.add(node.group(1));
            }
        }

        assertThat(nodes).as("packages in the gateway diagram of ARCHITECTURE.md").isEqualTo(packages);
        assertThat(edges).as("the gateway diagram of ARCHITECTURE.md draws only real dependencies; they are:%n%s",
            String.join("\n", edges)).containsAll(drawn);
    }

    private static String topLevelPackage(String className) {
        Matcher matcher = PACKAGE_OF.matcher(className);
        return matcher.find() ? matcher.group(1) : null;
    }
}
