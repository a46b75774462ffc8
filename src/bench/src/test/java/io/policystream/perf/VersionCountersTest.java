package io.policystream.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.policy.Activation;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import io.policystream.wire.ParamsCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench reads a version's counters from its JSON without parsing the weights. */
class VersionCountersTest {

    @Test
    void readsVersionAndTrajectoriesWhereverTheyAreAndSkipsEverythingElse() throws Exception {
        Architecture arch = Architecture.categorical(4, List.of(8, 8), 2, Activation.TANH);
        PolicyParams p0 = Initializer.initialize("bench", arch, 3, 0);
        PolicyParams p = new PolicyParams("bench", 17, arch, p0.copyTheta(), null, 1234, 56789, 99L,
                new Provenance("shadow.params", 7, -1));
        byte[] json = new ParamsCodec().encode(p);
        assertThat(EndToEndBench.versionAndTrajectories(json)).startsWith(17L, 1234L, 99L);
    }

    @Test
    void reportsMinusOneForCountersThatAreAbsent() throws Exception {
        assertThat(EndToEndBench.versionAndTrajectories("{\"policy\":\"x\",\"layers\":[[1,2],[3]]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).containsExactly(-1L, -1L, -1L);
    }

    @Test
    void findsTheCountersOfTheLearnersOwnJsonInItsFirstAndLastBytesAsAParseWould() throws Exception {
        Architecture arch = Architecture.categorical(17, List.of(256, 256), 6, Activation.TANH);
        PolicyParams p0 = Initializer.initialize("bench", arch, 3, 0);
        PolicyParams p = new PolicyParams("bench", 4321, arch, p0.copyTheta(), null, 8000, 400000, 1764000000000L,
                new Provenance("shadow.params", 7, -1));
        byte[] json = new ParamsCodec().encode(p);
        assertThat(json.length).isGreaterThan(100_000);
        assertThat(EndToEndBench.countersWithoutScanning(json)).containsExactly(4321L, 8000L, 1764000000000L);
        assertThat(EndToEndBench.countersWithoutScanning("{\"policy\":\"x\",\"layers\":[[1,2],[3]]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).as("another layout: parsed instead").isNull();
    }
}
