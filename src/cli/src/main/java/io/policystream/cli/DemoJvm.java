package io.policystream.cli;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * The JVM the {@code demo} command runs in. A demo lasts seconds, on a machine that may have two
 * cores, and runs a broker, Kafka Streams, the learner and the actors in one JVM. HotSpot's
 * optimising compiler (C2) then takes about a third of the CPU for the whole run compiling code
 * the run is nearly over by the time it is fast, and each version takes 30-50 % longer than with
 * the quick compiler (C1) alone (BENCHMARKS.md, the demo). So {@code java -jar policystream.jar demo}
 * starts the demo in a child JVM with {@code -XX:TieredStopAtLevel=1}, the same class path and
 * the same JVM options, and waits for it; {@code --full-jit} runs it in this JVM instead.
 *
 * <p>The child prints to this process's terminal and its exit code is this process's. Ctrl-C
 * reaches both processes from a terminal: this one ignores it and waits while the child stops
 * cleanly. A SIGTERM to this process is passed on to the child. If this process dies without
 * either (kill -9), the child sees it and stops cleanly too ({@link #PARENT_PROPERTY}).
 */
final class DemoJvm {
    /** The system property that marks the child JVM, with the parent's process id as its value. */
    static final String PARENT_PROPERTY = "policystream.demo.parent";
    /** The JIT option of the child. */
    static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";
    /** The option that keeps the demo in this JVM. */
    static final String FULL_JIT = "--full-jit";

    /** JVM options not passed on: a debugger, an agent or a flight recording would clash in two JVMs. */
    private static final List<String> NOT_PASSED_ON = List.of("-agentlib:", "-agentpath:", "-javaagent:",
            "-XX:StartFlightRecording", "-XX:FlightRecorderOptions", "-XX:TieredStopAtLevel", "-Xdebug", "-Xrunjdwp",
            "-D" + PARENT_PROPERTY + "=");
    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");
    /** How long this process waits for the child after passing a SIGTERM on, before it ends it at once. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private DemoJvm() {
    }

    /**
     * Whether the command line {@code args} runs the demo and should do it in a child JVM: the
     * subcommand is {@code demo}, neither help nor {@link #FULL_JIT} is asked for, this JVM is not
     * already the child or running C1 alone, and it is HotSpot (the option is HotSpot's).
     */
    static boolean wanted(String[] args, List<String> jvmOptions, String vmName, String parentProperty) {
        if (args.length == 0 || !args[0].equals("demo") || parentProperty != null) {
            return false;
        }
        for (String a : args) {
            if (HELP.contains(a) || a.equals(FULL_JIT)) {
                return false;
            }
        }
        if (jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:TieredStopAtLevel"))) {
            return false;
        }
        return vmName != null && (vmName.contains("HotSpot") || vmName.contains("OpenJDK"));
    }

    /** {@link #wanted} for this JVM. */
    static boolean wanted(String[] args) {
        return wanted(args, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.vm.name"), System.getProperty(PARENT_PROPERTY));
    }

    /** The child's command line: this JVM's java, its options but {@link #NOT_PASSED_ON}, C1 only. */
    static List<String> command(String javaHome, boolean windows, List<String> jvmOptions, String classPath,
                                String mainClass, long parentPid, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome + File.separator + "bin" + File.separator + (windows ? "java.exe" : "java"));
        for (String o : jvmOptions) {
            if (NOT_PASSED_ON.stream().noneMatch(o::startsWith)) {
                cmd.add(o);
            }
        }
        cmd.add(QUICK_JIT);
        cmd.add("-D" + PARENT_PROPERTY + "=" + parentPid);
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            // java -jar policystream.jar: the same jar, as the user ran it (its manifest included).
            cmd.add("-jar");
            cmd.add(classPath);
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(mainClass);
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Runs {@code args} in a child JVM and returns its exit code; if the child cannot be started,
     * runs nothing and returns -1 (the caller then runs the demo in this JVM).
     */
    static int runInChild(String[] args) {
        List<String> cmd = command(System.getProperty("java.home"),
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
                ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getProperty("java.class.path"),
                Main.class.getName(), ProcessHandle.current().pid(), args);
        Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            System.err.println("could not start the demo's JVM (" + e.getMessage() + "); running it in this one");
            return -1;
        }
        passSignalsOn(child);
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // Only a stop interrupts; the child decides when the demo is over.
                child.destroy();
            }
        }
    }

    private static void passSignalsOn(Process child) {
        try {
            // From a terminal Ctrl-C reaches the child too, which stops cleanly: wait for it.
            Signal.handle(new Signal("INT"), s -> { });
            Signal.handle(new Signal("TERM"), s -> child.destroy());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // No signals here: a shutdown hook passes the stop on instead.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                child.destroy();
                try {
                    child.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "policystream-demo-stop"));
        }
    }

    /**
     * In the child: calls {@code stop} when the parent process has ended (killed without passing a
     * stop on), so that the demo does not run on, unseen, to its timeout.
     */
    static void stopWithParent(Runnable stop) {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent == null) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(h -> h.onExit().thenRun(stop), stop);
        } catch (NumberFormatException e) {
            // Not ours: ignore.
        }
    }

    /** The line the child prints first, so that a user sees where the demo runs and why. */
    static String childNotice() {
        return "(the demo runs in a JVM of its own with the quick JIT compiler only, " + QUICK_JIT
                + ", which suits a run of seconds; " + FULL_JIT + " runs it in this JVM with both)";
    }
}
