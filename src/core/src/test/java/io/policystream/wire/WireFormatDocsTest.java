package io.policystream.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.event.InvalidReason;
import io.policystream.testkit.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/wire-format.md, the contract, lists every reason a record can be refused for. */
class WireFormatDocsTest {
    @Test
    void shouldDocumentEveryRefusalReasonInATableRow() throws Exception {
        String page = Files.readString(Repo.file("docs/wire-format.md"));
        for (InvalidReason r : InvalidReason.values()) {
            assertThat(page).as("docs/wire-format.md has a table row for %s", r.code())
                    .contains("\n| `" + r.code() + "` |");
        }
    }

    @Test
    void shouldDocumentTheFormatFieldAndTheVersionTheCodecsWrite() throws Exception {
        String page = Files.readString(Repo.file("docs/wire-format.md"));
        assertThat(page).startsWith("# Wire format, version " + FormatVersion.V1_0 + "\n");
        assertThat(page).contains("| `" + FormatVersion.FIELD + "` |").contains("## Versions and compatibility");
    }
}
