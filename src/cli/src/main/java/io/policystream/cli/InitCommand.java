package io.policystream.cli;

import io.policystream.client.ParamsTopic;
import io.policystream.config.LearnerConfig;
import io.policystream.config.PolicyConfig;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyParams;
import io.policystream.wire.ParamsCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code policystream init}: publish version 0 of a policy, or with --force its next version. */
@Command(name = "init", header = "Publishes version 0 of a policy, so actors can act and the learner can learn.", mixinStandardHelpOptions = true,
        description = {
            "Publishes version 0 of a policy to the params and history topics, so actors can act and the",
            "learner can learn. Either from a params file (a policy trained elsewhere), or a seeded random",
            "initialisation built from the configuration (distribution, layers, activation, std, seed).",
            "Refuses to overwrite a policy that already has params unless --force; with --force the new",
            "params are published as the next version (versions never repeat), and the learner adopts them.",
            "",
            "Examples:",
            "  policystream init --policy cartpole --obs 4 --actions 2",
            "  policystream init --policy pendulum --obs 3 --actions 1 --config pendulum.properties",
            "  policystream init --params trained.json"
        })
public final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--params", paramLabel = "FILE",
            description = "A params JSON to publish as version 0 (with --force: as the next version).")
    Path paramsFile;

    @Option(names = "--policy", paramLabel = "ID", description = "The policy id (required without --params).")
    String policy;

    @Option(names = "--config", paramLabel = "CONF", description = "Learner configuration for the architecture.")
    Path config;

    @Option(names = "--obs", paramLabel = "N", description = "State length (required without --params).")
    Integer obs;

    @Option(names = "--actions", paramLabel = "N",
            description = "Number of actions (categorical) or action dimensions (gaussian).")
    Integer actions;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the initialisation (default: the config's seed).")
    Long seed;

    @Option(names = "--force",
            description = "Publish even when the policy already has params, as its next version (latest + 1).")
    boolean force;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class, description = "How long to wait for Kafka (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        LearnerConfig conf = Configs.load(config);
        PolicyParams p;
        if (paramsFile != null) {
            p = Configs.readParams(paramsFile, new ParamsCodec());
            if (policy != null && !policy.equals(p.policy())) {
                p = p.relabel(policy, 0, 0, 0, System.currentTimeMillis());
            }
            p = p.relabel(p.policy(), 0, 0, 0, System.currentTimeMillis());
        } else {
            if (policy == null || obs == null || actions == null) {
                throw UserException.usage("without --params, --policy, --obs and --actions are required");
            }
            if (!LearnerConfig.POLICY_ID.matcher(policy).matches()) {
                throw UserException.usage("--policy '" + policy + "' must match [A-Za-z0-9._-]{1,64}");
            }
            if (obs < 1 || actions < 1) {
                throw UserException.usage("--obs and --actions must be at least 1");
            }
            PolicyConfig pc = conf.forPolicy(policy);
            p = Initializer.initialize(policy, pc.architecture(obs, actions), seed == null ? pc.seed() : seed,
                    System.currentTimeMillis());
        }
        var client = kafka.clientProperties();
        Long replaced = null;
        try {
            Map<String, PolicyParams> existing = ParamsTopic.readLatest(client, conf.paramsTopic(), timeout);
            PolicyParams old = existing.get(p.policy());
            if (old != null && !force) {
                throw new UserException(ExitCodes.FAILED, "policy " + p.policy() + " already has params (version "
                        + old.version() + "); use --force to publish the new params as version " + (old.version() + 1)
                        + " (versions never repeat)");
            }
            if (old != null) {
                replaced = old.version();
                p = p.relabel(p.policy(), old.version() + 1, 0, 0, System.currentTimeMillis());
            }
            ParamsTopic.publish(client, p, timeout, conf.paramsTopic(), conf.historyTopic());
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new UserException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers()
                    + " did not answer within " + timeout.toSeconds() + " s; is a broker running there?");
        } catch (ExecutionException e) {
            throw new UserException(ExitCodes.FAILED, "publishing failed: " + e.getCause().getMessage());
        } catch (IllegalStateException e) {
            throw new UserException(ExitCodes.FAILED, e.getMessage());
        }
        spec.commandLine().getOut().println("published " + p.policy() + " version " + p.version()
                + (replaced == null ? "" : ", replacing version " + replaced) + " ("
                + p.architecture().distribution().wireName() + ", " + p.architecture().policyShape() + ") to "
                + conf.paramsTopic() + " and " + conf.historyTopic());
        return ExitCodes.OK;
    }
}
