package io.policystream.cli;

import io.policystream.topics.TopicDefinition;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code topics check}: compares the cluster with the definitions; exit code 1 on any difference. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Compares the cluster's topics with their definitions and prints every difference:",
            "a missing topic, another partition count or replication factor, a topic replicated less than",
            "the cluster allows (3 copies from three brokers, 2 on two), a min.insync.replicas other than",
            "the rule's (max(1, min(2, copies - 1))) or the one given, a config with another value.",
            "Exits with 0 when everything matches and 1 when something differs."
        })
final class TopicsCheckCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicsOptions topics;

    @Mixin
    ReplicationOptions replication;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<TopicDefinition> definitions = topics.definitions();
        replication.validate();
        List<String> differences = topics.withTopicAdmin(kafka, admin -> admin.check(definitions,
                replication.factor, replication.minInsyncReplicas));
        PrintWriter out = spec.commandLine().getOut();
        differences.forEach(out::println);
        if (differences.isEmpty()) {
            out.printf("All %d topics on %s match their definitions.%n", definitions.size(), kafka.bootstrapServers());
        } else {
            out.printf("%d difference(s) on %s.%n", differences.size(), kafka.bootstrapServers());
        }
        out.flush();
        return differences.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
