package io.policystream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers (README.md, "Layout"), checked on the compiled classes of every product module on this
 * module's class path (core, topics, client, broker, learner, cli), so a fully qualified name counts
 * as much as an import. Arrows point inward: the core knows no Kafka, Micrometer or picocli and only
 * {@code wire} knows JSON; the math knows no configuration (the configuration reads into its rules);
 * the acting SDK knows no Kafka Streams and no broker; nothing depends on the CLI; and no two packages
 * depend on each other.
 */
class ArchitectureTest {
    /** The packages of the core module (src/core). */
    static final String[] CORE = {"io.policystream.event..", "io.policystream.trajectory..", "io.policystream.policy..",
        "io.policystream.learn..", "io.policystream.config..", "io.policystream.eval..", "io.policystream.sim..",
        "io.policystream.wire..", "io.policystream.offline.."};

    /** The core without wire: pure math and data, no wire format either. */
    static final String[] PURE = {"io.policystream.event..", "io.policystream.trajectory..", "io.policystream.policy..",
        "io.policystream.learn..", "io.policystream.config..", "io.policystream.eval..", "io.policystream.sim.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importProductClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The modules' test kits come as test-jars, which the option above does not recognise.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.policystream");
    }

    @Test
    void shouldKeepTheCoreFreeOfKafkaMicrometerAndPicocli() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "kafka..", "io.micrometer..",
                        "picocli..", "org.rocksdb..")
                .because("the core is pure (src/core): events, learning and the wire format run anywhere")
                .check(classes);
    }

    @Test
    void shouldLetOnlyWireKnowJson() {
        noClasses().that().resideInAnyPackage(CORE).and().resideOutsideOfPackage("io.policystream.wire..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
                .because("wire is the one package that knows the JSON format (wire/package-info.java)")
                .check(classes);
    }

    @Test
    void shouldKeepThePurePackagesToThemselves() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("io.policystream.wire..", "io.policystream.offline..",
                        "io.policystream.topics..", "io.policystream.client..", "io.policystream.broker..",
                        "io.policystream.streams..", "io.policystream.metrics..", "io.policystream.replay..",
                        "io.policystream.serve..", "io.policystream.demo..", "io.policystream.cli..")
                .because("the pure packages use nothing above them")
                .check(classes);
    }

    @Test
    void shouldKeepTheMathFreeOfConfiguration() {
        noClasses().that().resideInAnyPackage("io.policystream.trajectory..", "io.policystream.learn..",
                        "io.policystream.policy..")
                .should().dependOnClassesThat().resideInAPackage("io.policystream.config..")
                .because("the configuration reads into the rules of trajectory and learn"
                        + " (PolicyConfig.assemblyRules(), learningRules()), so the math is used and tested without it")
                .check(classes);
    }

    @Test
    void shouldKeepTheActingSdkFreeOfStreamsAndTheBroker() {
        noClasses().that().resideInAPackage("io.policystream.client..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..", "kafka..",
                        "org.apache.kafka.server..", "org.apache.kafka.metadata..", "org.rocksdb..", "picocli..",
                        "io.policystream.broker..", "io.policystream.streams..", "io.policystream.metrics..",
                        "io.policystream.replay..", "io.policystream.serve..", "io.policystream.demo..")
                .because("acting services depend on policystream-client alone (README.md)")
                .check(classes);
    }

    @Test
    void shouldLetNothingDependOnTheCli() {
        noClasses().that().resideOutsideOfPackage("io.policystream.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.policystream.cli..")
                .because("the CLI is the outermost layer: no one depends on the command line")
                .check(classes);
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching("io.policystream.(*)..").should().beFreeOfCycles().check(classes);
    }
}
