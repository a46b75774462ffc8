package io.policystream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learner's static member id: given, or kept in its state directory across restarts. */
class StaticMembershipTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheSameIdAcrossRestartsInOneStateDirectory() {
        Properties first = new Properties();
        String id = StaticMembership.apply(first, dir);
        Properties second = new Properties();
        assertThat(StaticMembership.apply(second, dir)).isEqualTo(id).startsWith("learner-");
        assertThat(second.getProperty(StaticMembership.PROPERTY)).isEqualTo(id);
        assertThat(dir.resolve(StaticMembership.FILE_NAME)).exists();
    }

    @Test
    void shouldGiveEachStateDirectoryItsOwnId() {
        assertThat(StaticMembership.apply(new Properties(), dir.resolve("a")))
                .isNotEqualTo(StaticMembership.apply(new Properties(), dir.resolve("b")));
    }

    @Test
    void shouldPreferAGivenIdAndWriteNothing() {
        Properties p = new Properties();
        p.setProperty(StaticMembership.PROPERTY, " pod-7 ");
        assertThat(StaticMembership.apply(p, dir)).isEqualTo("pod-7");
        assertThat(p.getProperty(StaticMembership.PROPERTY)).isEqualTo("pod-7");
        assertThat(Files.exists(dir.resolve(StaticMembership.FILE_NAME))).isFalse();
    }

    @Test
    void shouldTakeThePlainConsumerSetting() {
        Properties p = new Properties();
        p.setProperty("group.instance.id", "node-2");
        assertThat(StaticMembership.apply(p, dir)).isEqualTo("node-2");
        assertThat(p.getProperty(StaticMembership.PROPERTY)).isEqualTo("node-2");
    }

    @Test
    void shouldTurnStaticMembershipOffForAnEmptyId() {
        Properties p = new Properties();
        p.setProperty(StaticMembership.PROPERTY, "");
        assertThat(StaticMembership.apply(p, dir)).isEmpty();
        assertThat(p).doesNotContainKey(StaticMembership.PROPERTY).doesNotContainKey("group.instance.id");
    }
}
