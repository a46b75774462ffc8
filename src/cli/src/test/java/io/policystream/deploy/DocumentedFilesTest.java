package io.policystream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.policystream.config.ConfigException;
import io.policystream.config.ConfigKey;
import io.policystream.config.LearnerConfig;
import io.policystream.demo.DemoEnvironment;
import io.policystream.testkit.Repo;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file that a command in README.md or docs/*.md reads ({@code --config}, {@code --params},
 * {@code --events}, ...) is in the repository, or is written by a command earlier on the same page;
 * every learner configuration named loads; every params file named decodes. A reader who runs the
 * pages command by command never meets a missing file.
 */
class DocumentedFilesTest {

    /** Flags whose value is a file the command reads. */
    private static final Set<String> FILE_FLAGS = Set.of("--config", "--params", "--events", "--init",
            "--kafka-config", "--command-config", "--file");

    /**
     * Files a page uses that a command earlier on the same page writes, with that command. Kept
     * explicit and small: anything else a page names must be in the repository.
     */
    private static final List<Produced> PRODUCED = List.of(
            new Produced("README.md", "shadow.properties", "printf 'learning.rate=0.02\\n' > shadow.properties"),
            new Produced("docs/replay.md", "shadow.properties", "printf 'learning.rate=0.02\\n' > shadow.properties"),
            new Produced("docs/replay.md", "demo-events.tsv",
                    "policystream export --topic policystream.events --out demo-events.tsv"),
            new Produced("docs/replay.md", "v0.json", "--to 1 --out - | cut -f2- > v0.json"),
            new Produced("docs/evaluation.md", "candidate.json", "head -n 1 versions.jsonl > candidate.json"),
            new Produced("docs/security.md", "admin.properties",
                    "cp examples/kafka-sasl-ssl.properties admin.properties"),
            new Produced("docs/security.md", "policystream-data/broker/admin.properties", "broker --secure"),
            new Produced("docs/security.md", "policystream-data/broker/learner.properties", "broker --secure"),
            new Produced("docs/security.md", "policystream-data/broker/actor.properties", "broker --secure"));

    /** A placeholder of a synopsis (FILE, CONF, FILE|-), standard input, or a count (bench --events 200000). */
    private static final Pattern NOT_A_FILE = Pattern.compile("[A-Z][A-Z0-9_]*(\\|\\S+)?|-|\\d+|\\.\\.\\.|\\$.*");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern EXAMPLES_PATH = Pattern.compile("\\bexamples/[A-Za-z0-9_./-]*[A-Za-z0-9_]");

    /** A file written by {@code command} earlier on {@code page}. */
    record Produced(String page, String file, String command) {
    }

    /** One file argument of a command on a page: where it is and which flag names it. */
    record FileArgument(String page, int line, int offset, String flag, String file) {
        @Override
        public String toString() {
            return page + ":" + line + ": " + flag + " " + file;
        }
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(Repo.file("README.md"));
        try (Stream<Path> docs = Files.list(Repo.file("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static String page(Path p) {
        return Repo.root().relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** The file arguments of every command in the page's code blocks and inline code. */
    static List<FileArgument> fileArguments(String page, String text) {
        List<FileArgument> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int offset = 0;
        boolean inBlock = false;
        StringBuilder command = new StringBuilder();
        int commandLine = 0;
        int commandOffset = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock) {
                String code = withoutComment(line);
                if (command.isEmpty()) {
                    commandLine = i + 1;
                    commandOffset = offset;
                }
                if (code.endsWith("\\")) {
                    command.append(code, 0, code.length() - 1).append(' ');
                } else {
                    command.append(code);
                    found.addAll(arguments(page, commandLine, commandOffset, command.toString()));
                    command.setLength(0);
                }
            } else {
                Matcher m = INLINE_CODE.matcher(line);
                while (m.find()) {
                    found.addAll(arguments(page, i + 1, offset + m.start(), m.group(1)));
                }
            }
            offset += line.length() + 1;
        }
        return found;
    }

    /** A line of shell without its comment: a line that is all comment, or from " #" on. */
    private static String withoutComment(String line) {
        String s = line.strip();
        if (s.startsWith("#")) {
            return "";
        }
        int hash = s.indexOf(" #");
        return (hash < 0 ? s : s.substring(0, hash)).strip();
    }

    private static List<FileArgument> arguments(String page, int line, int offset, String command) {
        List<FileArgument> found = new ArrayList<>();
        String[] tokens = command.trim().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].replaceAll("^[\\[(]+", "");
            String flag = token;
            String value = null;
            int eq = token.indexOf('=');
            if (eq > 0) {
                flag = token.substring(0, eq);
                value = token.substring(eq + 1);
            } else if (i + 1 < tokens.length) {
                value = tokens[i + 1];
            }
            if (!FILE_FLAGS.contains(flag) || value == null) {
                continue;
            }
            value = value.replaceAll("[\\])]+(\\.\\.\\.)?$", "");
            if (!value.isEmpty() && !NOT_A_FILE.matcher(value).matches()) {
                found.add(new FileArgument(page, line, offset, flag, value));
            }
        }
        return found;
    }

    private static Map<String, List<FileArgument>> allFileArguments() throws IOException {
        Map<String, List<FileArgument>> byPage = new HashMap<>();
        for (Path p : pages()) {
            byPage.put(page(p), fileArguments(page(p), Files.readString(p, StandardCharsets.UTF_8)));
        }
        return byPage;
    }

    @Test
    void shouldFindEveryFileNamedByACommandInTheRepositoryOrWrittenEarlierOnThePage() throws IOException {
        List<String> missing = new ArrayList<>();
        Set<Produced> used = new LinkedHashSet<>();
        int checked = 0;
        for (Map.Entry<String, List<FileArgument>> e : allFileArguments().entrySet()) {
            String text = Files.readString(Repo.file(e.getKey()), StandardCharsets.UTF_8);
            for (FileArgument a : e.getValue()) {
                checked++;
                if (Files.isRegularFile(Repo.file(a.file()))) {
                    continue;
                }
                Produced producer = PRODUCED.stream()
                        .filter(p -> p.page().equals(a.page()) && p.file().equals(a.file()))
                        .findFirst().orElse(null);
                if (producer == null) {
                    missing.add(a + " (not in the repository)");
                    continue;
                }
                int written = text.indexOf(producer.command());
                if (written < 0 || written > a.offset()) {
                    missing.add(a + " (not written before by '" + producer.command() + "')");
                } else {
                    used.add(producer);
                }
            }
        }
        assertThat(missing).as("files that README.md and docs/*.md name but a reader does not have").isEmpty();
        assertThat(checked).as("file arguments found").isGreaterThanOrEqualTo(10);
        assertThat(PRODUCED).as("the produced-by list names only files the pages use").containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void shouldLoadEveryLearnerConfigurationThePagesName() throws IOException {
        Set<String> configs = new TreeSet<>();
        allFileArguments().values().forEach(args -> args.stream()
                .filter(a -> a.flag().equals("--config") && Files.isRegularFile(Repo.file(a.file())))
                .forEach(a -> configs.add(a.file())));

        assertThat(configs).contains("examples/learner.properties", "examples/vanilla.properties");
        List<String> problems = new ArrayList<>();
        for (String file : configs) {
            try {
                LearnerConfig.load(Repo.file(file));
            } catch (ConfigException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void shouldDecodeEveryParamsFileThePagesName() throws IOException {
        Set<String> params = new TreeSet<>();
        allFileArguments().values().forEach(args -> args.stream()
                .filter(a -> (a.flag().equals("--params") || a.flag().equals("--init"))
                        && Files.isRegularFile(Repo.file(a.file())))
                .forEach(a -> params.add(a.file())));

        assertThat(params).contains("examples/cartpole-params-v0.json");
        ParamsCodec codec = new ParamsCodec();
        for (String file : params) {
            try {
                codec.decode(Files.readAllBytes(Repo.file(file)));
            } catch (InvalidParamsException e) {
                throw new AssertionError(file + " is not a params JSON: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void shouldFindEveryExamplesPathThePagesMention() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path p : pages()) {
            Matcher m = EXAMPLES_PATH.matcher(Files.readString(p, StandardCharsets.UTF_8));
            while (m.find()) {
                if (!Files.exists(Repo.file(m.group()))) {
                    missing.add(page(p) + ": " + m.group());
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void shouldGiveTheStepByStepLearnerTheDemosCartPoleSettings() {
        // README.md: examples/learner.properties is the demo's CartPole configuration.
        LearnerConfig example = LearnerConfig.load(Repo.file("examples/learner.properties"));
        Map<String, String> demoEntries = new HashMap<>();
        DemoEnvironment.CARTPOLE.settings().forEach((k, v) -> demoEntries.put("policy.cartpole." + k, v));
        LearnerConfig demo = LearnerConfig.fromMap(demoEntries);

        for (ConfigKey<?> key : LearnerConfig.definition().keys()) {
            if (DemoEnvironment.CARTPOLE.settings().containsKey(key.name())) {
                assertThat(example.forPolicy("cartpole").get(key)).as(key.name())
                        .isEqualTo(demo.forPolicy("cartpole").get(key));
            }
        }
        assertThat(example.bootstrapServers()).isEqualTo(LearnerConfig.defaults().bootstrapServers());
    }

    @Test
    void shouldFindFileArgumentsInBlocksContinuedLinesAndInlineCodeButNotPlaceholders() {
        String text = String.join("\n",
                "Run `policystream learn --config a.properties` or:",
                "```sh",
                "policystream train --events e.jsonl \\",
                "    --init=v0.json --out x.jsonl   # --config in-a-comment.properties",
                "# --params commented-out.json",
                "policystream evaluate --events FILE | --topic T (--params FILE | --latest)... [--config CONF]",
                "policystream bench --events 200000",
                "policystream import --file - --topic t",
                "```",
                "");

        assertThat(fileArguments("p.md", text)).extracting(FileArgument::flag, FileArgument::file)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("--config", "a.properties"),
                        org.assertj.core.groups.Tuple.tuple("--events", "e.jsonl"),
                        org.assertj.core.groups.Tuple.tuple("--init", "v0.json"));
        assertThat(fileArguments("p.md", text)).extracting(FileArgument::line).containsExactly(1, 3, 3);
    }
}
