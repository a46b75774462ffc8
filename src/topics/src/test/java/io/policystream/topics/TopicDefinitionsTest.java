package io.policystream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.testkit.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicDefinitionsTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadAGoodFileWithCommentsAndBlankLines() throws IOException {
        write("orders.properties", """
                # a comment
                ! another comment

                name = orders
                partitions=3
                replication.factor=1
                config.cleanup.policy=compact
                config.retention.ms=-1
                """);

        assertThat(TopicDefinitions.load(dir)).containsExactly(new TopicDefinition("orders", 3, 1,
                Map.of("cleanup.policy", "compact", "retention.ms", "-1")));
    }

    @Test
    void shouldSortDefinitionsByNameAndIgnoreOtherFiles() throws IOException {
        write("b.properties", "name=b\npartitions=1\nreplication.factor=1\n");
        write("a.properties", "name=a\npartitions=2\nreplication.factor=1\n");
        write("README.md", "not a definition");

        assertThat(TopicDefinitions.load(dir)).extracting(TopicDefinition::name).containsExactly("a", "b");
    }

    @Test
    void shouldReadTheRepositoryTopicsFolder() {
        List<TopicDefinition> topics = TopicDefinitions.load(Repo.file(TopicDefinitions.FOLDER));

        assertThat(topics).extracting(TopicDefinition::name).containsExactly(
                "policystream.dlq", "policystream.events", "policystream.params", "policystream.params.history");
        assertThat(topics.get(1).partitions()).isEqualTo(4);
        assertThat(topics.get(2).configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void shouldBundleTheSameDefinitionsAsTheRepositoryFolder() {
        assertThat(TopicDefinitions.loadBundled()).isEqualTo(TopicDefinitions.load(Repo.file(TopicDefinitions.FOLDER)));
    }

    @Test
    void shouldNameFileAndLineOfALineWithoutEquals() throws IOException {
        write("t.properties", "name=t\npartitions 3\nreplication.factor=1\n");

        assertProblems(file("t") + ":2: expected key=value, got 'partitions 3'",
                file("t") + ": missing required key 'partitions'");
    }

    @Test
    void shouldReportAMissingRequiredKey() throws IOException {
        write("t.properties", "name=t\nreplication.factor=1\n");

        assertProblems(file("t") + ": missing required key 'partitions'");
    }

    @Test
    void shouldLeaveAnAbsentReplicationFactorToTheCluster() throws IOException {
        write("t.properties", "name=t\npartitions=2\n");

        TopicDefinition d = TopicDefinitions.load(dir).get(0);
        assertThat(d.replicationFromCluster()).isTrue();
        assertThat(d.replicationFactor()).isEqualTo(TopicDefinition.CLUSTER_DEFAULT);
    }

    @Test
    void shouldLeaveTheBundledTopicsReplicationToTheCluster() {
        // topics/ must not pin production topics to one copy: topics create chooses for the cluster.
        assertThat(TopicDefinitions.loadBundled()).isNotEmpty()
                .allSatisfy(d -> assertThat(d.replicationFromCluster()).as(d.name()).isTrue());
    }

    @Test
    void shouldReportAnUnknownKey() throws IOException {
        write("t.properties", "name=t\npartitions=1\nreplication.factor=1\nretention.ms=5\n");

        assertProblems(file("t") + ":4: unknown key 'retention.ms'; expected name, partitions, replication.factor"
                + " or config.<topic config>");
    }

    @Test
    void shouldReportAnUnknownTopicConfig() throws IOException {
        write("t.properties", "name=t\npartitions=1\nreplication.factor=1\nconfig.retention.mss=5\n");

        assertProblems(file("t") + ":4: unknown topic config 'retention.mss' (see the topic configs of the Kafka documentation)");
    }

    @Test
    void shouldReportADuplicateKey() throws IOException {
        write("t.properties", "name=t\npartitions=1\npartitions=2\nreplication.factor=1\n");

        assertProblems(file("t") + ":3: duplicate key 'partitions' (first set on line 2)");
    }

    @Test
    void shouldReportANonIntegerAndAnOutOfRangeCount() throws IOException {
        write("t.properties", "name=t\npartitions=four\nreplication.factor=0\n");

        assertProblems(file("t") + ":2: partitions must be an integer, got 'four'",
                file("t") + ":3: replication.factor must be between 1 and 32767, got 0");
    }

    @Test
    void shouldReportAnEmptyValue() throws IOException {
        write("t.properties", "name=t\npartitions=1\nreplication.factor=1\nconfig.cleanup.policy=\n");

        assertProblems(file("t") + ":4: empty value for 'config.cleanup.policy'");
    }

    @Test
    void shouldReportANameThatDoesNotMatchTheFileName() throws IOException {
        write("events.properties", "name=evnets\npartitions=1\nreplication.factor=1\n");

        assertProblems(file("events") + ":1: name 'evnets' does not match the file name; name the file 'evnets.properties'");
    }

    @Test
    void shouldReportAnInvalidTopicName() throws IOException {
        write("t.properties", "name=a topic\npartitions=1\nreplication.factor=1\n");

        assertProblems(file("t") + ":1: invalid topic name 'a topic': use 1 to 249 characters among letters,"
                + " digits, '.', '_' and '-'");
    }

    @Test
    void shouldRefuseLineContinuations() throws IOException {
        write("t.properties", "name=t\npartitions=1\nreplication.factor=1\nconfig.cleanup.policy=compact,\\\n  delete\n");

        assertProblems(file("t") + ":4: line continuations ('\\' at the end of a line) are not supported",
                file("t") + ":5: expected key=value, got 'delete'");
    }

    @Test
    void shouldReportProblemsOfEveryFileAtOnce() throws IOException {
        write("a.properties", "name=a\npartitions=0\nreplication.factor=1\n");
        write("b.properties", "name=b\nreplication.factor=1\n");

        assertProblems(file("a") + ":2: partitions must be between 1 and 2147483647, got 0",
                file("b") + ": missing required key 'partitions'");
    }

    @Test
    void shouldReportAMissingOrEmptyFolder() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> TopicDefinitions.load(missing))
                .isInstanceOf(TopicDefinitionException.class)
                .hasMessage(missing + ": no such directory of topic definitions");
        assertThatThrownBy(() -> TopicDefinitions.load(dir))
                .isInstanceOf(TopicDefinitionException.class)
                .hasMessage(dir + ": no topic definitions (*.properties files)");
    }

    private void assertProblems(String... expected) {
        assertThatThrownBy(() -> TopicDefinitions.load(dir))
                .isInstanceOfSatisfying(TopicDefinitionException.class,
                        e -> assertThat(e.problems()).containsExactly(expected));
    }

    private String file(String stem) {
        return dir.resolve(stem + ".properties").toString();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }
}
