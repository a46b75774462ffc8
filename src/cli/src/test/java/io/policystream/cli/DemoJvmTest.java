package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import io.policystream.testkit.CommandRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar policystream.jar demo} runs the demo in a child JVM with C1 alone; everything
 * else (other commands, help, {@code --full-jit}, a JVM that is already the child or already
 * runs C1 alone, a JVM that is not HotSpot) runs where it was started.
 */
class DemoJvmTest {
    private static final String HOTSPOT = "OpenJDK 64-Bit Server VM";

    @Test
    void shouldRunTheDemoInAChildJvm() {
        assertThat(DemoJvm.wanted(new String[] {"demo"}, List.of(), HOTSPOT, null)).isTrue();
        assertThat(DemoJvm.wanted(new String[] {"demo", "--seed", "3"}, List.of("-Xmx1g"),
                "Java HotSpot(TM) 64-Bit Server VM", null)).isTrue();
    }

    @Test
    void shouldRunEverythingElseHere() {
        assertThat(DemoJvm.wanted(new String[] {}, List.of(), HOTSPOT, null)).isFalse();
        assertThat(DemoJvm.wanted(new String[] {"learn"}, List.of(), HOTSPOT, null)).isFalse();
        assertThat(DemoJvm.wanted(new String[] {"simulate", "demo"}, List.of(), HOTSPOT, null)).isFalse();
        assertThat(DemoJvm.wanted(new String[] {"demo", "--help"}, List.of(), HOTSPOT, null)).isFalse();
        assertThat(DemoJvm.wanted(new String[] {"demo", "-V"}, List.of(), HOTSPOT, null)).isFalse();
        assertThat(DemoJvm.wanted(new String[] {"demo", "--full-jit"}, List.of(), HOTSPOT, null)).isFalse();
        assertThat(DemoJvm.wanted(new String[] {"demo"}, List.of(), HOTSPOT, "4242")).as("the child itself").isFalse();
        assertThat(DemoJvm.wanted(new String[] {"demo"}, List.of("-XX:TieredStopAtLevel=1"), HOTSPOT, null)).isFalse();
        assertThat(DemoJvm.wanted(new String[] {"demo"}, List.of(), "Eclipse OpenJ9 VM", null)).isFalse();
    }

    @Test
    void shouldStartTheSameJarWithTheSameOptionsAndC1Alone() {
        List<String> cmd = DemoJvm.command("/opt/jdk", false,
                List.of("-Xmx2g", "-Dfoo=bar", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                        "-XX:StartFlightRecording=filename=a.jfr", "-javaagent:x.jar"),
                "target/policystream.jar", "io.policystream.cli.Main", 77, new String[] {"demo", "--seed", "2"});

        assertThat(cmd).containsExactly("/opt/jdk" + File.separator + "bin" + File.separator + "java", "-Xmx2g",
                "-Dfoo=bar", "-XX:TieredStopAtLevel=1", "-Dpolicystream.demo.parent=77", "-jar",
                "target/policystream.jar", "demo", "--seed", "2");
    }

    @Test
    void shouldStartTheMainClassOnAClassPathOfSeveralEntries() {
        String cp = "a.jar" + File.pathSeparator + "classes";
        List<String> cmd = DemoJvm.command("C:\\jdk", true, List.of(), cp, "io.policystream.cli.Main", 5,
                new String[] {"demo"});

        assertThat(cmd).containsExactly("C:\\jdk" + File.separator + "bin" + File.separator + "java.exe",
                "-XX:TieredStopAtLevel=1", "-Dpolicystream.demo.parent=5", "-cp", cp, "io.policystream.cli.Main",
                "demo");
    }

    @Test
    void shouldSayInTheHelpHowToKeepTheDemoInThisJvm() {
        String help = CommandRun.of("demo", "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("--full-jit Run in this JVM, with both of HotSpot's JIT compilers.",
                "C1, the quick compiler, alone (TieredStopAtLevel=1)", "30-50% longer.").doesNotContain("%%");
    }

    @Test
    void shouldNotPassAnEarlierParentOnToTheChild() {
        List<String> cmd = DemoJvm.command("/j", false, List.of("-Dpolicystream.demo.parent=1"), "p.jar",
                "M", 2, new String[] {"demo"});

        assertThat(cmd).filteredOn(o -> o.startsWith("-Dpolicystream.demo.parent")).containsExactly(
                "-Dpolicystream.demo.parent=2");
    }
}
