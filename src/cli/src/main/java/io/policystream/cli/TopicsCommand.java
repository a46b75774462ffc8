package io.policystream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code topics} command: the Kafka topics PolicyStream uses, as defined in the topics/ folder. */
@Command(name = "topics",
        mixinStandardHelpOptions = true,
        description = {
            "Creates the Kafka topics PolicyStream uses, or checks that a cluster has them as defined.",
            "Each topic is defined in one file, topics/<name>.properties: partitions, replication and configs."
        },
        subcommands = {TopicsCreateCommand.class, TopicsCheckCommand.class})
public final class TopicsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
