package org.santegateway;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
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
 * The dependency rules of the mailets module, checked on its compiled production classes, and
 * the package diagram of ARCHITECTURE.md kept equal to the real dependencies.
 */
class ArchitectureTest {
    private static final String ROOT = "org.santegateway";
    /** The business rules: they know nothing of SMTP, the mailet container or the server. */
    private static final String[] DOMAIN = {ROOT + ".conversation..", ROOT + ".dmp..", ROOT + ".ins..", ROOT + ".cda..",
        ROOT + ".xdm..", ROOT + ".filing..", ROOT + ".agenda.."};
    /** What connects the domain to James: mailets, matchers, SMTP hooks, and the server module. */
    private static final String[] ADAPTERS = {ROOT + ".mailets..", ROOT + ".matchers..", ROOT + ".smtp..", ROOT + ".server..",
        "org.apache.mailet..", "org.apache.james.protocols..", "org.apache.james.smtpserver.."};
    /** The bottom layer: certificates, bounded input, safe XML. */
    private static final String[] LOW = {ROOT + ".pki..", ROOT + ".io..", ROOT + ".xml.."};
    private static final Pattern PACKAGE_OF = Pattern.compile("^" + Pattern.quote(ROOT) + "\\.([a-z0-9]+)\\.");
    private static final Pattern EDGE = Pattern.compile("^\\s*([a-z0-9]+)\\s*-->\\s*([a-z0-9]+)\\s*$");
    private static final Pattern NODE = Pattern.compile("^\\s*([a-z0-9]+)\\s*$");

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);

    @Test
    void mailetsShouldNeverDependOnTheServer() {
        noClasses().that().resideInAPackage(ROOT + "..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".server..")
            .because("the gateway module assembles the mailets, never the other way round")
            .check(CLASSES);
    }

    @Test
    void packagesShouldBeFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void domainPackagesShouldNotDependOnAdapters() {
        noClasses().that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
            .because("domain rules are plain classes that hooks, mailets and the webmail call")
            .check(CLASSES);
    }

    @Test
    void lowLevelPackagesShouldDependOnNothingOfTheGatewayAboveThem() {
        noClasses().that().resideInAnyPackage(LOW)
            .should().dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackages(LOW)))
            .because("pki, io and xml are the bottom layer every feature builds on")
            .check(CLASSES);
    }

    @Test
    void smimeSubPackagesShouldNotDependOnTheEngine() {
        noClasses().that().resideInAnyPackage(ROOT + ".smime.mime..", ROOT + ".smime.certificates..", ROOT + ".smime.cms..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".smime")
            .because("the engine (SmimeInbound, SmimeOutbound) builds on MIME plumbing, certificates and CMS primitives, not the reverse")
            .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".smime.cms..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".smime.mime..")
            .because("the CMS primitives work on bytes and algorithm identifiers, not on MIME entities")
            .check(CLASSES);
        noClasses().that().resideInAPackage(ROOT + ".smime.mime..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".smime.certificates..")
            .check(CLASSES);
    }

    @Test
    void architectureDiagramShouldShowEveryPackageAndEveryDependency() throws IOException {
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
        Diagram diagram = Diagram.read(Path.of("..", "ARCHITECTURE.md"), "%% mailets packages");

        assertThat(diagram.nodes()).as("packages in the mailets diagram of ARCHITECTURE.md").isEqualTo(packages);
        assertThat(diagram.edges())
            .as("dependencies in the mailets diagram of ARCHITECTURE.md; the real ones are:%n%s", String.join("\n", edges))
            .isEqualTo(edges);
    }

    private static String topLevelPackage(String className) {
        Matcher matcher = PACKAGE_OF.matcher(className);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The nodes and edges of the Mermaid block of a Markdown file that contains a marker comment. */
    record Diagram(Set<String> nodes, Set<String> edges) {
        static Diagram read(Path markdown, String marker) throws IOException {
            String text = Files.readString(markdown, StandardCharsets.UTF_8);
            int at = text.indexOf(marker);
            assertThat(at).as(marker + " in " + markdown).isNotNegative();
            String block = text.substring(at, text.indexOf("```", at));
            SortedSet<String> nodes = new TreeSet<>();
            SortedSet<String> edges = new TreeSet<>();
            for (String line : block.split("\n")) {
                Matcher edge = EDGE.matcher(line);
                Matcher node = NODE.matcher(line);
                if (edge.matches()) {
                    edges.add(edge.group(1) + " --> " + edge.group(2));
                    nodes.add(edge.group(1));
                    nodes.add(edge.group(2));
                } else if (node.matches()) {
                    nodes.add(node.group(1));
                }
            }
            return new Diagram(nodes, edges);
        }
    }
}
