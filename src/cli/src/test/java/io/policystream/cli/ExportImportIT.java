package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.testkit.KafkaCluster;
import io.policystream.testkit.TopicReader;
import io.policystream.topics.TopicDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** export then import on a real broker: keys, values and order per partition survive, ranges select exactly. */
class ExportImportIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final KafkaCluster KAFKA = KafkaCluster.empty();

    @TempDir
    Path dir;

    /** A record as the tests compare it: partition, key, value (null stays null), timestamp. */
    private record Rec(int partition, String key, String value, long timestamp) {
    }

    private static void createTopic(String name) {
        KAFKA.createTopics(List.of(new TopicDefinition(name, PARTITIONS, 1, Map.of())));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = KAFKA.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Every record of a topic, by partition in offset order. */
    private static List<List<Rec>> read(String topic, int expected) {
        try (TopicReader reader = new TopicReader(KAFKA.clientProperties(), topic)) {
            List<ConsumerRecord<byte[], byte[]>> all = reader.until(r -> r.size() >= expected, WAIT);
            List<List<Rec>> out = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                out.add(new ArrayList<>());
            }
            for (ConsumerRecord<byte[], byte[]> r : all) {
                out.get(r.partition()).add(new Rec(r.partition(), text(r.key()), text(r.value()), r.timestamp()));
            }
            return out;
        }
    }

    /** Keyed records (unicode among them) through the default partitioner, and null keys on every partition. */
    private static int fill(String topic, boolean withNullKeys) {
        int n = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            String[] keys = {"ep-1", "épisode-ü", "эпизод-7", "🎯-goal", "ep-2", "ep-3"};
            for (int i = 0; i < 30; i++) {
                String key = keys[i % keys.length];
                String value = "{\"episode\":\"" + key + "\",\"step\":" + i + ",\"note\":\"π≈3.14\"}";
                producer.send(new ProducerRecord<>(topic, null, 1_764_000_000_000L + i, utf8(key), utf8(value)));
                n++;
                if (withNullKeys && i % 5 == 0) {
                    producer.send(new ProducerRecord<>(topic, i % PARTITIONS, 1_764_000_000_000L + i, null,
                            utf8("{\"orphan\":" + i + "}")));
                    n++;
                }
            }
            producer.flush();
        }
        return n;
    }

    private CliRun run(Object command, String... args) {
        CliRun run = new CliRun(command);
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", KAFKA.bootstrapServers()));
        all.addAll(List.of(args));
        run.execute(all.toArray(String[]::new));
        return run;
    }

    @Test
    void shouldRoundTripATopicExactlyWithFormatExact() {
        createTopic("exact.src");
        createTopic("exact.dst");
        int n = fill("exact.src", true);
        Path file = dir.resolve("exact.tsv");

        CliRun export = run(new ExportCommand(), "--topic", "exact.src", "--out", file.toString(), "--format", "exact");
        CliRun imported = run(new ImportCommand(), "--file", file.toString(), "--topic", "exact.dst", "--format",
                "exact");

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).contains("exported " + n + " records of exact.src (3 partitions");
        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.err()).contains("imported " + n + " records to exact.dst");
        assertThat(read("exact.dst", n)).isEqualTo(read("exact.src", n));
    }

    @Test
    void shouldRoundTripKeyedRecordsWithFormatKvAsTrainReadsThem() throws Exception {
        createTopic("kv.src");
        createTopic("kv.dst");
        int n = fill("kv.src", false);
        Path file = dir.resolve("kv.tsv");

        run(new ExportCommand(), "--topic", "kv.src", "--out", file.toString());
        CliRun imported = run(new ImportCommand(), "--file", file.toString(), "--topic", "kv.dst");

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(Files.readAllLines(file)).hasSize(n).first().asString().startsWith("ep-1\t{\"episode\"");
        List<List<Rec>> src = read("kv.src", n);
        List<List<Rec>> dst = read("kv.dst", n);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(dst.get(p)).extracting(Rec::key, Rec::value)
                    .containsExactlyElementsOf(src.get(p).stream()
                            .map(r -> org.assertj.core.groups.Tuple.tuple(r.key(), r.value())).toList());
        }
    }

    @Test
    void shouldWriteTheFileOnceWhenImportedTwiceAndRefuseATopicHoldingOtherRecords() {
        createTopic("twice.src");
        createTopic("twice.dst");
        createTopic("twice.other");
        int n = fill("twice.src", true);
        Path file = dir.resolve("twice.tsv");
        run(new ExportCommand(), "--topic", "twice.src", "--out", file.toString(), "--format", "exact");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("twice.other", 0, utf8("stranger"), utf8("{}")));
        }

        CliRun first = run(new ImportCommand(), "--file", file.toString(), "--topic", "twice.dst", "--format", "exact");
        CliRun second = run(new ImportCommand(), "--file", file.toString(), "--topic", "twice.dst", "--format", "exact");
        CliRun refused = run(new ImportCommand(), "--file", file.toString(), "--topic", "twice.other", "--format",
                "exact");

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("imported 0 records to twice.dst (" + n + " in the file, " + n
                + " already there)");
        assertThat(read("twice.dst", n).stream().mapToInt(List::size).sum()).isEqualTo(n);
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("twice.other partition 0 already holds a different record")
                .contains("--append");
        assertThat(read("twice.other", 1).stream().mapToInt(List::size).sum()).isEqualTo(1);
    }

    @Test
    void shouldExportExactlyTheOffsetRangeOfEveryPartition() throws Exception {
        createTopic("offsets.src");
        int n = fill("offsets.src", true);
        List<List<Rec>> all = read("offsets.src", n);
        Path file = dir.resolve("offsets.tsv");

        CliRun export = run(new ExportCommand(), "--topic", "offsets.src", "--from", "2", "--to", "5", "--out",
                file.toString(), "--format", "exact");

        assertThat(export.exitCode()).as(export.err()).isZero();
        List<String> expected = new ArrayList<>();
        for (List<Rec> part : all) {
            for (Rec r : part.subList(Math.min(2, part.size()), Math.min(5, part.size()))) {
                expected.add(r.partition() + "\t" + r.timestamp() + "\t" + (r.key() == null ? "" : r.key()) + "\t"
                        + r.value());
            }
        }
        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldExportExactlyTheTimeRangeMergedByTimestamp() throws Exception {
        createTopic("times.src");
        fill("times.src", false);
        Path file = dir.resolve("times.tsv");

        CliRun export = run(new ExportCommand(), "--topic", "times.src", "--from", "@1764000000010", "--to",
                "2025-11-24T16:00:00.020Z", "--out", file.toString(), "--format", "exact");

        assertThat(export.exitCode()).as(export.err()).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).extracting(l -> Long.parseLong(l.split("\t")[1]))
                .containsExactlyElementsOf(java.util.stream.LongStream.range(1_764_000_000_010L, 1_764_000_000_020L)
                        .boxed().toList());
    }

    @Test
    void shouldRefuseARecordALineCannotHoldUnlessAskedToSkipIt() throws Exception {
        createTopic("bad.src");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("bad.src", 1, utf8("k1"), utf8("{\"a\":1}")));
            producer.send(new ProducerRecord<>("bad.src", 1, utf8("k2"), utf8("{\n\"a\":2}")));
        }
        Path file = dir.resolve("bad.tsv");

        CliRun refused = run(new ExportCommand(), "--topic", "bad.src", "--out", file.toString());
        CliRun skipped = run(new ExportCommand(), "--topic", "bad.src", "--out", file.toString(), "--skip-unwritable");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.err()).contains("record bad.src-1@1 cannot be exported: its value contains a line break");
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.err()).contains("exported 1 records").contains("skipped 1");
        assertThat(Files.readAllLines(file)).containsExactly("k1\t{\"a\":1}");
    }
}
