package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster and topic ids a learner's state belongs to, kept in its state directory. */
class ClusterBindingTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadNothingFromADirectoryWithoutABinding() {
        assertThat(ClusterBinding.read(dir)).isNull();
    }

    @Test
    void shouldReadBackWhatItWrote() {
        ClusterBinding b = new ClusterBinding("abc", Map.of("events", "id1", "params", "id2"));
        b.write(dir);
        assertThat(ClusterBinding.read(dir)).isEqualTo(b);
    }

    @Test
    void shouldTrustTheSameClusterAndTopics() {
        ClusterBinding b = new ClusterBinding("abc", Map.of("events", "id1"));
        assertThat(b.differences(new ClusterBinding("abc", Map.of("events", "id1")))).isEmpty();
    }

    @Test
    void shouldNameAnotherCluster() {
        ClusterBinding b = new ClusterBinding("abc", Map.of("events", "id1"));
        ClusterBinding now = new ClusterBinding("xyz", Map.of("events", "id9"));
        assertThat(b.otherCluster(now)).isTrue();
        assertThat(b.differences(now)).singleElement().asString().contains("abc").contains("xyz");
    }

    @Test
    void shouldNameATopicCreatedAgain() {
        ClusterBinding b = new ClusterBinding("abc", Map.of("events", "id1", "params", "id2"));
        ClusterBinding now = new ClusterBinding("abc", Map.of("events", "id1", "params", "id3"));
        assertThat(b.otherCluster(now)).isFalse();
        assertThat(b.differences(now)).singleElement().asString().contains("params").contains("id2").contains("id3");
    }

    @Test
    void shouldIgnoreATopicOnlyOneSideNames() {
        ClusterBinding b = new ClusterBinding("abc", Map.of("events", "id1"));
        assertThat(b.differences(new ClusterBinding("abc", Map.of("events", "id1", "dlq", "id7")))).isEmpty();
    }
}
