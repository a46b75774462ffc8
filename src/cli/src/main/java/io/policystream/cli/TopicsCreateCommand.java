package io.policystream.cli;

import io.policystream.topics.CreateResult;
import io.policystream.topics.TopicDefinition;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code topics create}: creates the missing topics, leaves the existing ones alone. */
@Command(name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Creates every defined topic that does not exist yet and waits until it is ready to use.",
            "Existing topics are left unchanged, so running it again is safe; 'topics check' compares them.",
            "New topics get the replication the cluster allows: 1 copy on one broker, 2 on two, 3 on three",
            "or more, with min.insync.replicas max(1, min(2, copies - 1)), unless a definition or",
            "--replication-factor / --min-insync-replicas say otherwise. A factor above the cluster's",
            "broker count is refused before anything is created."
        })
final class TopicsCreateCommand implements Callable<Integer> {

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
        CreateResult result = topics.withTopicAdmin(kafka, admin -> admin.create(definitions, replication.factor,
                replication.minInsyncReplicas));
        PrintWriter out = spec.commandLine().getOut();
        result.created().forEach(name -> out.println("created  " + name + " (replication factor "
                + result.replication().get(name).factor() + ", min.insync.replicas "
                + result.replication().get(name).minInsyncReplicas() + ")"));
        result.existing().forEach(name -> out.println("existed  " + name));
        out.printf("%d created, %d already existed (left unchanged) on %s (%d %s).%n",
                result.created().size(), result.existing().size(), kafka.bootstrapServers(), result.brokers(),
                result.brokers() == 1 ? "broker" : "brokers");
        out.flush();
        return ExitCodes.OK;
    }
}
