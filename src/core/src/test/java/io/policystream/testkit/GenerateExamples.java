package io.policystream.testkit;

import io.policystream.config.LearnerConfig;
import io.policystream.event.Event;
import io.policystream.policy.Architecture;
import io.policystream.policy.Initializer;
import io.policystream.policy.PolicyNetwork;
import io.policystream.policy.PolicyParams;
import io.policystream.sim.Environment;
import io.policystream.sim.Environments;
import io.policystream.sim.StepResult;
import io.policystream.wire.EventCodec;
import io.policystream.wire.ParamsCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the example files of {@code examples/}: a CartPole policy's version 0 and 40 episodes it
 * played. Run from the project root:
 * {@code mvn -q test-compile && java -cp "target/classes:target/test-classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" io.policystream.testkit.GenerateExamples}
 */
public final class GenerateExamples {
    private GenerateExamples() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "examples");
        LearnerConfig conf = LearnerConfig.load(dir.resolve("vanilla.properties"));
        Environment env = Environments.create("cartpole", 1);
        Architecture arch = conf.forPolicy("cartpole").architecture(env.observationSize(), env.actionSize());
        PolicyParams v0 = Initializer.initialize("cartpole", arch, 42, 1764000000000L);
        Files.writeString(dir.resolve("cartpole-params-v0.json"), new ParamsCodec().encodeToString(v0) + "\n");

        EventCodec codec = new EventCodec();
        PolicyNetwork net = new PolicyNetwork(arch);
        PolicyNetwork.Workspace ws = net.newWorkspace();
        SplittableRandom rng = new SplittableRandom(7);
        List<String> lines = new ArrayList<>();
        long time = 1764000000000L;
        for (int e = 0; e < 40; e++) {
            String episode = String.format("demo-%03d", e);
            double[] s = env.reset(rng);
            for (int t = 0; ; t++) {
                PolicyNetwork.Sample a = net.sample(v0, s, rng, ws);
                StepResult r = env.step(a.action());
                Event ev = Event.step("cartpole", episode, t, s, a.action(), a.logProb(), 0, r.reward(),
                        r.terminated(), r.truncated() && !r.terminated(), time += 20);
                lines.add(episode + "\t" + new String(codec.encode(ev), StandardCharsets.UTF_8));
                if (r.terminated() || r.truncated()) {
                    break;
                }
                s = r.observation();
            }
        }
        Files.write(dir.resolve("cartpole-events.jsonl"), lines);
        System.out.println("wrote " + lines.size() + " events of 40 episodes to " + dir);
    }
}
