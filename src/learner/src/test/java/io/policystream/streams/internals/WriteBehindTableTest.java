package io.policystream.streams.internals;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Between two commits the episode stores are read and written through a map; a commit writes it out. */
class WriteBehindTableTest {
    private final KeyValueStore<String, byte[]> store = ProcessorFixtures.store("t");
    private WriteBehindTable<String, byte[]> table;

    @BeforeEach
    void open() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        table = WriteBehindTable.ofBytes(store);
    }

    @Test
    void shouldReadItsOwnWritesAndLeaveTheStoreAloneUntilTheFlush() {
        table.put("a", new byte[] {1});
        assertThat(table.get("a")).containsExactly(1);
        assertThat(store.get("a")).isNull();

        table.flush();

        assertThat(store.get("a")).containsExactly(1);
        assertThat(table.size()).isZero();
        assertThat(table.get("a")).as("read from the store after the flush").containsExactly(1);
    }

    @Test
    void shouldNeverWriteAKeyPutAndDeletedBetweenTwoFlushesThatTheStoreNeverHad() {
        assertThat(table.get("episode")).isNull();
        table.put("episode", new byte[] {1});
        table.put("episode", new byte[] {2});
        table.delete("episode");

        table.flush();

        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldDeleteFromTheStoreAKeyItHadAndKeepTheLatestOfSeveralWrites() {
        store.put("old", new byte[] {9});
        store.put("kept", new byte[] {8});
        table.delete("old");
        table.put("kept", new byte[] {1});
        table.put("kept", new byte[] {2});
        assertThat(table.get("old")).isNull();

        table.flush();

        assertThat(store.get("old")).isNull();
        assertThat(store.get("kept")).containsExactly(2);
    }
}
