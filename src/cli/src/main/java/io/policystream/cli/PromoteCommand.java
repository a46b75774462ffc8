package io.policystream.cli;

import io.policystream.policy.PolicyParams;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code policystream promote}: a shadow version becomes production's next version. */
@Command(name = "promote", header = "Publishes a version from a shadow params topic as the next production version.", 
        description = {
            "Publishes version N of a policy from another params topic (a shadow replay's) as the next",
            "version of the production policy (its latest version + 1) on the production params and",
            "history topics, with \"promotedFrom\": {\"topic\": T2, \"version\": N}. The running learner",
            "adopts it and goes on learning from it. The version is looked up on the shadow history",
            "topic (every version), then on the shadow params topic. The architecture must be the",
            "production policy's.",
            "",
            "Example:",
            "  policystream promote --from-topic shadow.params --version 12 --policy cartpole"
        })
public final class PromoteCommand implements Callable<Integer> {

    // Only -h/--help: '--version N' names the version to promote, not the program's version.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;


    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--from-topic", required = true, paramLabel = "TOPIC",
            description = "The params topic to promote from (e.g. a replay's --params-topic).")
    String fromTopic;

    @Option(names = "--from-history-topic", paramLabel = "TOPIC",
            description = "Its history topic (default: the --from-topic name + '.history').")
    String fromHistoryTopic;

    @Option(names = "--version", required = true, paramLabel = "N", description = "The version to promote.")
    long version;

    @Option(names = "--policy", required = true, paramLabel = "ID", description = "The policy id.")
    String policy;

    @Mixin
    VersionCommands production;

    @Override
    public Integer call() throws InterruptedException {
        if (version < 0) {
            throw UserException.usage("--version must be >= 0, not " + version);
        }
        String history = fromHistoryTopic != null ? fromHistoryTopic : fromTopic + ".history";
        PolicyParams published = production.publish(kafka, p -> p.promote(fromTopic, history, policy, version));
        spec.commandLine().getOut().println("promoted " + fromTopic + " version " + version + " of " + policy
                + " as version " + published.version() + " on " + production.topics());
        return ExitCodes.OK;
    }
}
