package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policystream demo} from outside, as a user starts it: the process starts the demo in a
 * child JVM with C1 alone, passes its output and exit code through, and the child stops cleanly
 * when the process that started it is killed with SIGKILL.
 */
class DemoJvmIT {
    @TempDir
    Path work;
    private final List<Process> started = new ArrayList<>();

    private Process demo(String name, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", "--metrics-port", "0", "--out", work.resolve("curve").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.redirectOutput(work.resolve(name + ".log").toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String log(String name) throws IOException {
        return Files.readString(work.resolve(name + ".log"));
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRunTheDemoInAChildJvmAndPassItsOutputAndExitCodeThrough() throws Exception {
        Process p = demo("short", "--max-episodes", "40", "--timeout", "2m");

        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the demo ends within its timeout").isTrue();
        String out = log("short");
        assertThat(out).contains(DemoJvm.childNotice(), "starting an embedded Kafka broker", "stopped: 4",
                "learning curve:");
        assertThat(p.exitValue()).as("40 episodes do not solve CartPole: the demo's own exit code\n" + out)
                .isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void shouldRunInThisJvmWithFullJit() throws Exception {
        Process p = demo("full", "--max-episodes", "8", "--timeout", "2m", "--full-jit");

        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(log("full")).doesNotContain(DemoJvm.childNotice()).contains("stopped: ");
    }

    @Test
    void shouldStopTheChildCleanlyWhenItsParentIsKilled() throws Exception {
        Process p = demo("orphan");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!log("orphan").contains("episodes ")) {
            assertThat(p.isAlive()).as("the demo runs\n" + log("orphan")).isTrue();
            assertThat(System.nanoTime()).as("the demo printed progress within 2 minutes").isLessThan(deadline);
            Thread.sleep(200);
        }
        Optional<ProcessHandle> child = p.children().findFirst();
        assertThat(child).as("the child JVM").isPresent();

        p.destroyForcibly();

        assertThat(child.get().onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(log("orphan")).as("it stopped as on a signal, closing the learner and broker")
                .contains("demo stopped");
    }
}
