package io.policystream.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options every command that talks to Kafka shares. */
public final class KafkaOptions {

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers to connect to (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1:9092")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A properties file of extra Kafka client settings (security.protocol, sasl.*, ssl.*, ...).")
    Path kafkaConfig;

    /** The client properties: the file's, then bootstrap.servers. */
    public Properties clientProperties() {
        Properties p = new Properties();
        if (kafkaConfig != null) {
            try (Reader r = Files.newBufferedReader(kafkaConfig)) {
                p.load(r);
            } catch (IOException e) {
                throw UserException.usage("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage());
            }
        }
        p.setProperty("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** Whether --bootstrap-servers was given (rather than defaulted). */
    public boolean bootstrapExplicit() {
        return spec != null && spec.commandLine() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--bootstrap-servers");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
