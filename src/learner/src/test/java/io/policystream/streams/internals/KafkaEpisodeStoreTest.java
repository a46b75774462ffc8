package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.Action;
import io.policystream.event.Event;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The assembler's store over Kafka Streams stores keeps steps in chunks and stores a step at most once. */
class KafkaEpisodeStoreTest {
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final KafkaEpisodeStore store = new KafkaEpisodeStore(
            init(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("headers"), Serdes.String(),
                    Serdes.ByteArray()).withLoggingDisabled().build()),
            init(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("chunks"), Serdes.Bytes(),
                    Serdes.ByteArray()).withLoggingDisabled().build()));

    @SuppressWarnings("deprecation")
    private <K> KeyValueStore<K, byte[]> init(KeyValueStore<K, byte[]> s) {
        s.init(context.getStateStoreContext(), s);
        return s;
    }

    private static Event step(long t, double reward) {
        return Event.step("p", "e", t, new double[] {t, -t}, new Action.Discrete(1), -0.5, 0, reward, false, false,
                100 + t);
    }

    @Test
    void shouldStoreAStepOnlyWhenItsIndexIsFree() {
        assertThat(store.putStepIfAbsent("e", 40, step(40, 1.0))).isNull();
        assertThat(store.step("e", 40)).isEqualTo(step(40, 1.0));

        Event kept = store.putStepIfAbsent("e", 40, step(40, 2.0));

        assertThat(kept).as("the step already there, unchanged").isEqualTo(step(40, 1.0));
        assertThat(store.step("e", 40)).isEqualTo(step(40, 1.0));
    }

    @Test
    void shouldKeepNeighbouringStepsOfOneChunkApart() {
        store.putStepIfAbsent("e", 32, step(32, 1.0));
        store.putStepIfAbsent("e", 33, step(33, 3.0));
        store.putStep("e", 1, step(1, 5.0));

        assertThat(store.step("e", 32)).isEqualTo(step(32, 1.0));
        assertThat(store.step("e", 33)).isEqualTo(step(33, 3.0));
        assertThat(store.step("e", 1)).isEqualTo(step(1, 5.0));
        assertThat(store.step("e", 34)).isNull();
        assertThat(store.contents("e", 33).steps()[33]).isEqualTo(step(33, 3.0));
    }
}
