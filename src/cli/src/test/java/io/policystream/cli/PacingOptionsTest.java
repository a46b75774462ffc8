package io.policystream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policystream.demo.Pacing;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** {@code simulate}'s pacing flags, as parsed. */
class PacingOptionsTest {

    private static Pacing parse(String... args) {
        SimulateCommand command = new SimulateCommand();
        new CommandLine(command).parseArgs(args);
        return command.pacing.pacing();
    }

    @Test
    void shouldPaceByVersionsByDefault() {
        assertThat(parse()).isEqualTo(Pacing.auto());
        assertThat(parse("--actors", "4").pacedByVersions()).isTrue();
    }

    @Test
    void shouldPlayAsFastAsItCanWhenUnpaced() {
        Pacing p = parse("--unpaced");
        assertThat(p.pacedByVersions()).isFalse();
        assertThat(p.stepsPerSecond()).isZero();
        assertThat(parse("--episodes-per-version", "0")).isEqualTo(Pacing.unpaced());
    }

    @Test
    void shouldTakeAFixedShareOrAFixedRate() {
        assertThat(parse("--episodes-per-version", "16").episodesPerVersion(10, 80, 4)).isEqualTo(16);
        Pacing rate = parse("--rate", "500");
        assertThat(rate.stepsPerSecond()).isEqualTo(500.0);
        assertThat(rate.pacedByVersions()).as("--rate alone is a fixed pace").isFalse();
        Pacing both = parse("--rate", "500", "--episodes-per-version", "4");
        assertThat(both.stepsPerSecond()).isEqualTo(500.0);
        assertThat(both.episodesPerVersion()).isEqualTo(4);
    }

    @Test
    void shouldRefuseContradictions() {
        assertThatThrownBy(() -> parse("--unpaced", "--rate", "100")).isInstanceOf(UserException.class)
                .hasMessageContaining("--unpaced cannot be combined");
        assertThatThrownBy(() -> parse("--unpaced", "--episodes-per-version", "2")).isInstanceOf(UserException.class);
        assertThatThrownBy(() -> parse("--rate", "0")).isInstanceOf(UserException.class)
                .hasMessageContaining("--rate must be a positive number");
        assertThatThrownBy(() -> parse("--episodes-per-version", "-1")).isInstanceOf(UserException.class);
    }
}
