package io.policystream.config;

import io.policystream.testkit.Repo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigDocsTest {

    @Test
    void shouldKeepTheCommittedDocsEqualToTheDeclarations() throws IOException {
        Path page = Repo.root().resolve(ConfigDocs.DOCS_FILE);
        String committed = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";

        assertThat(committed)
                .withFailMessage("%s is out of date with LearnerConfig's declarations; regenerate it from the "
                        + "project root with: mvn -q -pl src/core compile && java -cp src/core/target/classes "
                        + "io.policystream.config.ConfigDocs", page)
                .isEqualTo(ConfigDocs.markdown());
    }

    @Test
    void shouldHaveOneRowPerKeyWithItsDefaultAndScope() {
        String table = ConfigDocs.markdownTable();

        assertThat(table.lines()).hasSize(2 + LearnerConfig.definition().keys().size());
        assertThat(table).contains("| `gamma` | double | `0.99` | a number in [0, 1] | yes | Discount gamma");
        assertThat(table).contains("| `topic.dlq` | string | `policystream.dlq` |");
        assertThat(table).contains("| `layers` | list | `64,64` | a comma list of positive integers (may be empty) | yes |");
        assertThat(table).contains("| `commit.interval.ms` | long | `100` | an integer >= 0 | no |");
    }

    @Test
    void shouldEscapePipesInsideACell() {
        assertThat(ConfigDocs.markdownTable()).contains("c / \\|\\|g\\|\\|_2");
    }

    @Test
    void shouldDocumentTheReturnsFormulas() {
        String doc = LearnerConfig.RETURNS.documentation();

        assertThat(doc).contains("G_t = sum_{k=0..T} gamma^k r_k").contains("G_t = sum_{k=t..T} gamma^(k-t) r_k");
    }
}
