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
            "Existing topics are left unchanged, so running it again is safe; 'topics check' compares them."
        })
final class TopicsCreateCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicsOptions topics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<TopicDefinition> definitions = topics.definitions();
        CreateResult result = topics.withTopicAdmin(kafka, admin -> admin.create(definitions));
        PrintWriter out = spec.commandLine().getOut();
        result.created().forEach(name -> out.println("created  " + name));
        result.existing().forEach(name -> out.println("existed  " + name));
        out.printf("%d created, %d already existed (left unchanged) on %s.%n",
                result.created().size(), result.existing().size(), kafka.bootstrapServers());
        out.flush();
        return ExitCodes.OK;
    }
}
