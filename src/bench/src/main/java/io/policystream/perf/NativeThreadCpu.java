package io.policystream.perf;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this process's threads that the JVM's thread clocks do not show: the JIT compilers,
 * the garbage collector's workers and RocksDB's background flushes and compactions. Read from
 * Linux's {@code /proc/self/task/<tid>/stat} (user and system time, in clock ticks); empty where
 * there is no such file (macOS, Windows).
 *
 * <p>Without it a bench run shows the learner's CPU per event in all and by Java thread, and what
 * those leave over is a guess; with it, that remainder has names.
 */
final class NativeThreadCpu {
    /** Clock ticks per second of /proc's times: 100 on every Linux the JVM runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final Path TASKS = Path.of("/proc/self/task");

    private NativeThreadCpu() {
    }

    /** CPU nanoseconds so far by group ("JIT compiler threads", "GC threads", "RocksDB threads"). */
    static Map<String, Long> snapshot() {
        Map<String, Long> out = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return out;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open) {
                    continue;
                }
                String group = group(stat.substring(open + 1, close));
                if (group == null) {
                    continue;
                }
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                out.merge(group, ticks * (1_000_000_000L / TICKS_PER_SECOND), Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /** The group of a thread by its (15-character) Linux name, or null for the threads Java shows. */
    static String group(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return "JIT compiler threads";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "GC threads";
        }
        if (name.startsWith("rocksdb:")) {
            return "RocksDB threads";
        }
        return null;
    }
}
