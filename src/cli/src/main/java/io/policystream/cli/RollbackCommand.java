package io.policystream.cli;

import io.policystream.policy.PolicyParams;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream rollback}: an older version becomes the next version again. */
@Command(name = "rollback", header = "Republishes an older version from the history as the next version.", mixinStandardHelpOptions = true,
        description = {
            "Republishes version N of a policy from the production history topic as its next version",
            "(latest + 1; versions never repeat or go back), with \"rolledBackTo\": N, on the params and",
            "history topics. The running learner adopts it and goes on learning from it.",
            "",
            "Example:",
            "  policystream rollback --policy cartpole --to 40"
        })
public final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--policy", required = true, paramLabel = "ID", description = "The policy id.")
    String policy;

    @Option(names = "--to", required = true, paramLabel = "N", description = "The version to return to.")
    long to;

    @Mixin
    VersionCommands production;

    @Override
    public Integer call() throws InterruptedException {
        if (to < 0) {
            throw UserException.usage("--to must be a version >= 0, not " + to);
        }
        PolicyParams published = production.publish(kafka, p -> p.rollback(policy, to));
        spec.commandLine().getOut().println("rolled " + policy + " back to version " + to + ", published as version "
                + published.version() + " on " + production.topics());
        return ExitCodes.OK;
    }
}
