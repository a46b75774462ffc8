package io.policystream.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code policystream learn} as JVMs of their own (the test's classpath), each with its output in
 * {@code <name>.log} under a work directory: what the learner ITs kill, restart and stop from outside.
 * {@link #close()} kills whatever is still running, so a failed assertion leaves no JVM behind.
 */
final class LearnProcesses implements AutoCloseable {
    private final Path work;
    private final String bootstrapServers;
    private final List<Process> started = new ArrayList<>();

    LearnProcesses(Path work, String bootstrapServers) {
        this.work = work;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts {@code learn --bootstrap-servers ... <args>}, its output (stdout and stderr) in {@link #log}. */
    Process start(String name, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.policystream.cli.Main", "learn",
                "--bootstrap-servers", bootstrapServers));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log(name).toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    Path log(String name) {
        return work.resolve(name + ".log");
    }

    /** The last 4,000 characters of a learner's output, for failure messages. */
    String tail(String name) throws IOException {
        String s = Files.exists(log(name)) ? Files.readString(log(name)) : "";
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }

    /** Waits, bounded, until the learner's output holds {@code text}; fails at once if it died. */
    void awaitLog(Process p, String name, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log(name)).contains(text)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(name + (p.isAlive() ? " did not print '" + text + "' within " + timeout
                        : " exited with " + p.exitValue()) + "; its output:\n" + tail(name));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
