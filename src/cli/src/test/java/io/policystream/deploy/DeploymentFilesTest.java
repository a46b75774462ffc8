package io.policystream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.policystream.cli.LearnCommand;
import io.policystream.testkit.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, the Dockerfile and monitoring/ checked without Docker: their structure,
 * that the files they name exist, and that service names, ports and metric names agree across
 * them and with the code.
 */
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_IMAGE = "policystream:local";
    private static final Set<String> APP_SERVICES = Set.of("topics", "init", "learner", "serve", "simulate");

    private static JsonNode yaml(String file) throws IOException {
        return YAML.readTree(Repo.file(file).toFile());
    }

    private static JsonNode services() throws IOException {
        return yaml("docker-compose.yml").get("services");
    }

    private static List<String> command(JsonNode service) {
        List<String> out = new ArrayList<>();
        JsonNode c = service.get("command");
        if (c == null) {
            return out;
        }
        if (c.isTextual()) {
            out.addAll(List.of(c.asText().trim().split("\\s+")));
        } else {
            c.forEach(x -> out.addAll(List.of(x.asText().trim().split("\\s+"))));
        }
        return out;
    }

    private static String option(List<String> command, String name) {
        int i = command.indexOf(name);
        return i < 0 || i + 1 >= command.size() ? null : command.get(i + 1);
    }

    @Test
    void shouldDefineEveryServiceOfTheStackWithAnImageOrABuild() throws IOException {
        JsonNode services = services();
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "topics", "init", "learner", "serve", "simulate",
                "prometheus", "alertmanager", "grafana");
        services.fields().forEachRemaining(e -> assertThat(e.getValue().has("image") || e.getValue().has("build"))
                .as(e.getKey()).isTrue());
        // One service builds the app image from this directory; the others run that very image.
        List<String> builders = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().has("build")) {
                builders.add(e.getKey());
                assertThat(e.getValue().get("build").asText()).isEqualTo(".");
            }
        });
        assertThat(builders).hasSize(1);
        for (String app : APP_SERVICES) {
            assertThat(services.get(app).path("image").asText()).as(app).isEqualTo(APP_IMAGE);
        }
    }

    @Test
    void shouldRunKafkaInKraftModeWithTheProjectsKafkaVersion() throws IOException {
        JsonNode kafka = services().get("kafka");
        String pom = Files.readString(Repo.file("pom.xml"));
        Matcher v = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(pom);
        assertThat(v.find()).isTrue();
        assertThat(kafka.get("image").asText()).isEqualTo("apache/kafka:" + v.group(1));
        JsonNode env = kafka.get("environment");
        assertThat(env.get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS").asText()).contains("kafka:9092");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText()).isEqualTo("1@kafka:9093");
    }

    @Test
    void shouldRunTheDocumentedCommandsAgainstTheComposeBroker() throws IOException {
        JsonNode s = services();
        assertThat(command(s.get("topics"))).containsExactly("topics", "create", "--bootstrap-servers", "kafka:9092");
        String init = String.join(" ", command(s.get("init")));
        assertThat(init).contains("java -jar /app/policystream.jar init --policy cartpole --obs 4 --actions 2")
                .contains("--bootstrap-servers kafka:9092");
        List<String> learn = command(s.get("learner"));
        assertThat(learn.get(0)).isEqualTo("learn");
        assertThat(option(learn, "--metrics-port")).isEqualTo(Integer.toString(LearnCommand.DEFAULT_METRICS_PORT));
        List<String> serve = command(s.get("serve"));
        assertThat(serve.get(0)).isEqualTo("serve");
        assertThat(option(serve, "--port")).isEqualTo("8080");
        assertThat(option(serve, "--metrics-port")).isEqualTo("9405");
        List<String> simulate = command(s.get("simulate"));
        assertThat(simulate.subList(0, 5)).containsExactly("simulate", "--env", "cartpole", "--actors", "4");
        assertThat(option(simulate, "--metrics-port")).isEqualTo("9406");
        for (String app : List.of("topics", "learner", "serve", "simulate")) {
            assertThat(option(command(s.get(app)), "--bootstrap-servers")).as(app).isEqualTo("kafka:9092");
        }
    }

    /** The listeners of the compose Kafka, name to host:port, from a KAFKA_*LISTENERS value. */
    private static Map<String, String> listeners(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : value.split(",")) {
            String[] parts = l.trim().split("://", 2);
            out.put(parts[0], parts[1]);
        }
        return out;
    }

    @Test
    void shouldListenForTheComposeNetworkAndForTheHost() throws IOException {
        JsonNode kafka = services().get("kafka");
        JsonNode env = kafka.get("environment");
        Map<String, String> listen = listeners(env.get("KAFKA_LISTENERS").asText());
        Map<String, String> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS").asText());
        Map<String, String> protocols = new HashMap<>();
        for (String m : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText().split(",")) {
            protocols.put(m.split(":")[0], m.split(":")[1]);
        }
        assertThat(protocols.keySet()).containsAll(listen.keySet());
        assertThat(listen.keySet()).containsAll(advertised.keySet());
        assertThat(env.get("KAFKA_INTER_BROKER_LISTENER_NAME").asText()).isEqualTo("PLAINTEXT");
        // Inside the compose network: kafka:9092, what every app service is given.
        assertThat(advertised.get("PLAINTEXT")).isEqualTo("kafka:9092");
        assertThat(listen.get("PLAINTEXT")).isEqualTo(":9092");
        // From the host: localhost:9092, published to the PLAINTEXT_HOST listener's port.
        assertThat(advertised.get("PLAINTEXT_HOST")).isEqualTo("localhost:9092");
        String hostListenerPort = listen.get("PLAINTEXT_HOST").replace(":", "");
        List<String> ports = new ArrayList<>();
        kafka.path("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).containsExactly("9092:" + hostListenerPort);
        assertThat(hostListenerPort).isNotEqualTo("9092").isNotEqualTo("9093");
        // The controller listener is not published, nor advertised.
        assertThat(advertised).doesNotContainKey("CONTROLLER");
        // The docs say which address to use where.
        String ops = Files.readString(Repo.file("docs/operations.md"));
        assertThat(ops).contains("`kafka:9092`").contains("`localhost:9092`").contains("PLAINTEXT_HOST");
        assertThat(Files.readString(Repo.file("README.md"))).contains("Kafka is `localhost:9092` from the host");
    }

    @Test
    void shouldCheckTheHealthOfLearnerAndServeOnTheirHealthEndpoints() throws Exception {
        JsonNode services = services();
        for (String app : List.of("learner", "serve")) {
            JsonNode hc = services.get(app).get("healthcheck");
            assertThat(hc).as(app + " has a healthcheck").isNotNull();
            List<String> test = new ArrayList<>();
            hc.get("test").forEach(t -> test.add(t.asText()));
            assertThat(test.subList(0, 3)).containsExactly("CMD", "bash", "-c");
            String port = option(command(services.get(app)), "--metrics-port");
            assertThat(test.get(3)).contains("/dev/tcp/127.0.0.1/" + port + " ").contains("GET /health");
            assertThat(hc.path("start_period").asText()).isNotEmpty();
            // The probe itself, against a real health endpoint: passes on UP (200), fails on DOWN (503).
            assertThat(probe(test.get(3), port, true)).as(app + " probe on UP").isZero();
            assertThat(probe(test.get(3), port, false)).as(app + " probe on DOWN").isNotZero();
        }
        assertThat(services.get("simulate").get("depends_on").get("learner").get("condition").asText())
                .isEqualTo("service_healthy");
    }

    private static int probe(String script, String composePort, boolean up) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean healthy = new java.util.concurrent.atomic.AtomicBoolean(up);
        try (io.policystream.metrics.MetricsServer server = io.policystream.metrics.MetricsServer.start("127.0.0.1",
                0, io.policystream.metrics.MetricsServer.newRegistry(), () -> healthy.get()
                        ? io.policystream.metrics.Health.up()
                        : io.policystream.metrics.Health.down(Map.of("reason", "test")))) {
            String local = script.replace("/dev/tcp/127.0.0.1/" + composePort + " ",
                    "/dev/tcp/127.0.0.1/" + server.port() + " ");
            Process p = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true).start();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the healthcheck probe did not finish within 20 s");
            }
            return p.exitValue();
        }
    }

    @Test
    void shouldSendAlertsToTheComposeAlertmanager() throws IOException {
        JsonNode services = services();
        JsonNode prom = yaml("monitoring/prometheus.yml");
        List<String> targets = new ArrayList<>();
        prom.get("alerting").get("alertmanagers").forEach(am -> am.get("static_configs")
                .forEach(sc -> sc.get("targets").forEach(t -> targets.add(t.asText()))));
        assertThat(targets).containsExactly("alertmanager:9093");
        JsonNode am = services.get("alertmanager");
        assertThat(am.get("image").asText()).startsWith("prom/alertmanager:v");
        List<String> volumes = new ArrayList<>();
        am.get("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains("./monitoring/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro");
        assertThat(command(am)).contains("--config.file=/etc/alertmanager/alertmanager.yml");
        List<String> ports = new ArrayList<>();
        am.get("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).contains("9093:9093");

        // Every route names a receiver that exists; the default one is documented.
        JsonNode config = yaml("monitoring/alertmanager.yml");
        Set<String> receivers = new HashSet<>();
        config.get("receivers").forEach(r -> receivers.add(r.get("name").asText()));
        String root = config.get("route").get("receiver").asText();
        assertThat(receivers).contains(root);
        config.get("route").path("routes").forEach(r -> assertThat(receivers).contains(r.get("receiver").asText()));
        // Every alert has a severity, and every severity of alerts.yml is one the routes know.
        Set<String> severities = new TreeSet<>();
        yaml("monitoring/alerts.yml").get("groups").forEach(g -> g.get("rules").forEach(r -> {
            if (r.has("alert")) {
                assertThat(r.path("labels").path("severity").asText()).as(r.get("alert").asText())
                        .isIn("critical", "warning");
                severities.add(r.get("labels").get("severity").asText());
            }
        }));
        assertThat(severities).containsExactly("critical", "warning");
        String ops = Files.readString(Repo.file("docs/operations.md"));
        assertThat(ops).contains("### Where alerts go").contains("`" + root + "`").contains("http://localhost:9093");
    }

    @Test
    void shouldRunTheLearnerWithTheDemosCartPoleSettings() throws IOException {
        List<String> learn = command(services().get("learner"));
        String inContainer = option(learn, "--config");
        assertThat(inContainer).isNotNull();
        List<String> volumes = new ArrayList<>();
        services().get("learner").get("volumes").forEach(v -> volumes.add(v.asText()));
        String mount = volumes.stream().filter(v -> v.split(":")[1].equals(inContainer)).findFirst().orElseThrow();
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(Repo.file(mount.split(":")[0]))) {
            p.load(r);
        }
        Map<String, String> entries = new HashMap<>();
        p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
        io.policystream.config.LearnerConfig.fromMap(entries);
        io.policystream.demo.DemoEnvironment.CARTPOLE.settings().forEach((k, v) ->
                assertThat(entries).containsEntry("policy.cartpole." + k, v));
    }

    @Test
    void shouldDependOnlyOnExistingServicesWithoutACycle() throws IOException {
        JsonNode services = services();
        Map<String, Set<String>> deps = new LinkedHashMap<>();
        services.fields().forEachRemaining(e -> {
            Set<String> d = new HashSet<>();
            JsonNode on = e.getValue().path("depends_on");
            if (on.isArray()) {
                on.forEach(x -> d.add(x.asText()));
            } else {
                on.fields().forEachRemaining(x -> {
                    d.add(x.getKey());
                    assertThat(x.getValue().path("condition").asText()).isIn("service_started", "service_healthy",
                            "service_completed_successfully");
                    if (x.getValue().path("condition").asText().equals("service_healthy")) {
                        assertThat(services.get(x.getKey()).has("healthcheck")).as(x.getKey()).isTrue();
                    }
                });
            }
            deps.put(e.getKey(), d);
        });
        deps.forEach((s, d) -> assertThat(deps.keySet()).as("depends_on of " + s).containsAll(d));
        // Kahn's algorithm: every service can be ordered after its dependencies.
        Map<String, Set<String>> left = new HashMap<>();
        deps.forEach((k, v) -> left.put(k, new HashSet<>(v)));
        boolean progress = true;
        while (!left.isEmpty() && progress) {
            List<String> ready = left.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .toList();
            progress = !ready.isEmpty();
            ready.forEach(left::remove);
            left.values().forEach(v -> v.removeAll(ready));
        }
        assertThat(left).as("services in a depends_on cycle").isEmpty();
        assertThat(deps.get("learner")).contains("init");
        assertThat(deps.get("init")).contains("topics");
        assertThat(deps.get("topics")).contains("kafka");
    }

    @Test
    void shouldMountOnlyFilesThatExist() throws IOException {
        List<String> mounted = new ArrayList<>();
        services().fields().forEachRemaining(e -> e.getValue().path("volumes").forEach(v -> {
            String source = v.asText().split(":")[0];
            if (source.startsWith("./")) {
                mounted.add(source);
                assertThat(Repo.file(source)).as(e.getKey() + " mounts " + source).exists();
            }
        }));
        assertThat(mounted).contains("./monitoring/prometheus.yml", "./monitoring/alerts.yml",
                "./monitoring/alertmanager.yml", "./examples/compose/learner.properties",
                "./monitoring/grafana/provisioning", "./monitoring/grafana/dashboards");
        // topics/ reaches the image through the Dockerfile's COPY and the jar's resources.
        assertThat(Repo.file("topics")).isDirectoryContaining("glob:**.properties");
    }

    @Test
    void shouldScrapeEveryMetricsPortTheComposeServicesServe() throws IOException {
        JsonNode services = services();
        JsonNode prom = yaml("monitoring/prometheus.yml");
        Map<String, String> targets = new HashMap<>();
        prom.get("scrape_configs").forEach(job -> job.get("static_configs").forEach(sc -> sc.get("targets")
                .forEach(t -> targets.put(job.get("job_name").asText(), t.asText()))));
        assertThat(targets).containsExactlyInAnyOrderEntriesOf(Map.of("learner", "learner:9404", "serve",
                "serve:9405", "simulate", "simulate:9406"));
        targets.forEach((job, target) -> {
            String host = target.split(":")[0];
            String port = target.split(":")[1];
            assertThat(services.has(host)).as("scrape target " + target + " is a compose service").isTrue();
            assertThat(option(command(services.get(host)), "--metrics-port")).as(target).isEqualTo(port);
            List<String> published = new ArrayList<>();
            services.get(host).path("ports").forEach(p -> published.add(p.asText()));
            assertThat(published).as("ports of " + host).contains(port + ":" + port);
        });
        // Rule files are relative to prometheus.yml, and mounted next to it.
        prom.get("rule_files").forEach(r -> {
            assertThat(Repo.file("monitoring").resolve(r.asText())).exists();
            List<String> volumes = new ArrayList<>();
            services.get("prometheus").get("volumes").forEach(v -> volumes.add(v.asText()));
            assertThat(volumes).anyMatch(v -> v.startsWith("./monitoring/" + r.asText() + ":/etc/prometheus/"
                    + r.asText()));
        });
    }

    @Test
    void shouldProvisionGrafanaWithThePrometheusServiceAndTheDashboard() throws IOException {
        JsonNode services = services();
        JsonNode ds = yaml("monitoring/grafana/provisioning/datasources/prometheus.yml").get("datasources").get(0);
        assertThat(ds.get("type").asText()).isEqualTo("prometheus");
        assertThat(ds.get("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(services.get("prometheus").get("ports").get(0).asText()).endsWith(":9090");
        JsonNode provider = yaml("monitoring/grafana/provisioning/dashboards/policystream.yml").get("providers").get(0);
        String path = provider.get("options").get("path").asText();
        List<String> volumes = new ArrayList<>();
        services.get("grafana").get("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes).contains("./monitoring/grafana/dashboards:" + path + ":ro",
                "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro");

        JsonNode dash = JSON.readTree(Repo.file("monitoring/grafana/dashboards/policystream.json").toFile());
        assertThat(dash.get("uid").asText()).isEqualTo("policystream");
        Set<String> titles = new HashSet<>();
        dash.get("panels").forEach(p -> titles.add(p.get("title").asText()));
        assertThat(titles).contains("Learning curve", "Throughput", "Latency", "Versions", "Gradients and policy",
                "Errors");
        dash.get("panels").forEach(p -> p.path("targets").forEach(t -> {
            assertThat(t.path("datasource").path("uid").asText()).isEqualTo(ds.get("uid").asText());
            assertThat(t.path("expr").asText()).as(p.get("title").asText()).isNotBlank();
        }));
    }

    @Test
    void shouldUseOnlyMetricNamesDocumentedInOperationsMd() throws IOException {
        String docs = Files.readString(Repo.file("docs/operations.md"));
        Set<String> used = new TreeSet<>();
        Pattern name = Pattern.compile("\\bpolicystream_[a-z_]+\\b");
        for (String f : List.of("monitoring/alerts.yml", "monitoring/alerts_test.yml",
                "monitoring/grafana/dashboards/policystream.json")) {
            Matcher m = name.matcher(Files.readString(Repo.file(f)));
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).isNotEmpty().allSatisfy(n -> {
            String base = n.replaceAll("_(sum|count|max)$", "");
            assertThat(docs).as("docs/operations.md documents %s", base).contains("`" + base + "`");
        });
    }

    @Test
    void shouldBuildTheJarInOneStageAndRunItInAJreStage() throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(Repo.file("Dockerfile"))) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            lines.add(current.append(line).toString());
            current.setLength(0);
        }
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).containsExactly("FROM maven:3-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre");
        int runtime = lines.indexOf("FROM eclipse-temurin:17-jre");
        assertThat(lines.subList(0, runtime)).contains("RUN mvn -B -q -DskipTests package");
        for (String l : lines) {
            if (l.startsWith("COPY ") && !l.startsWith("COPY --from=")) {
                String[] parts = l.substring(5).trim().split("\\s+");
                for (int i = 0; i < parts.length - 1; i++) {
                    assertThat(Repo.file(parts[i])).as(l).exists();
                }
            }
        }
        assertThat(lines.subList(runtime, lines.size()))
                .contains("COPY --from=build /src/target/policystream.jar /app/policystream.jar")
                .contains("ENTRYPOINT [\"java\",\"-jar\",\"/app/policystream.jar\"]");
        assertThat(Files.readString(Repo.file("src", "cli", "pom.xml")))
                .contains("<outputFile>${ps.root}/${ps.target}/policystream.jar</outputFile>");
        assertThat(Files.readAllLines(Repo.file(".dockerignore"))).contains("target");
    }
}
