package io.policystream.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code policystream bench} in the product jar, which does not carry the benchmarks: it says where
 * they are. The real command lives in the bench module (src/bench), whose jar
 * {@code target/policystream-bench.jar} takes everything else from {@code target/policystream.jar};
 * {@link Main} registers that command instead when it is on the class path.
 */
@Command(name = "bench", header = "The end-to-end benchmark (in target/policystream-bench.jar, not in this jar).",
        mixinStandardHelpOptions = true,
        description = {
            "The benchmarks ship apart from the product jar. The build puts target/policystream-bench.jar "
                + "beside target/policystream.jar: run java -jar target/policystream-bench.jar bench --help."
        })
final class BenchElsewhereCommand implements Callable<Integer> {
    /** The class of the real command, in policystream-bench.jar. */
    static final String REAL = "io.policystream.cli.bench.BenchCommand";

    static final String WHERE = "bench is not in policystream.jar: run java -jar target/policystream-bench.jar bench "
            + "(built beside it by mvn -B -q -DskipTests package)";

    @Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
        throw UserException.usage(WHERE);
    }

    /** The real bench command when its jar is on the class path, else this one. */
    static Object find() {
        try {
            return Class.forName(REAL).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            return new BenchElsewhereCommand();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + REAL, e);
        }
    }
}
