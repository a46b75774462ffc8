package io.policystream.replay;

import io.policystream.client.ParamsTopic;
import io.policystream.policy.PolicyParams;
import io.policystream.policy.Provenance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Publishes existing numbers as the next version of a production policy: promoted from another
 * params topic (a shadow replay's), or rolled back to an older version of its own history. The new
 * version is the production's highest version, on the params or the history topic, plus one, so the
 * learner adopts it as it adopts any newer version published by someone else; the provenance says
 * where the numbers came from. Trajectory and step counts are those of the copied version; the time
 * is now.
 */
public final class VersionPublisher {
    private final Properties client;
    private final String paramsTopic;
    private final String historyTopic;
    private final Duration timeout;

    /**
     * @param client Kafka client properties
     * @param paramsTopic production's compacted params topic
     * @param historyTopic production's history topic
     * @param timeout the longest wait for reading a topic or for an acknowledgement
     */
    public VersionPublisher(Properties client, String paramsTopic, String historyTopic, Duration timeout) {
        this.client = client;
        this.paramsTopic = paramsTopic;
        this.historyTopic = historyTopic;
        this.timeout = timeout;
    }

    /**
     * Publishes version {@code version} of {@code policy} found on {@code fromHistoryTopic} or
     * {@code fromTopic} as production's next version, with provenance {@code promotedFrom}.
     *
     * @throws IllegalArgumentException when the version is not there, production has no such policy,
     *     or the architectures differ
     * @throws IllegalStateException when another writer published the same version number meanwhile
     */
    public PolicyParams promote(String fromTopic, String fromHistoryTopic, String policy, long version)
            throws TimeoutException, ExecutionException, InterruptedException {
        PolicyParams found = find(readIfExists(fromHistoryTopic), policy, version);
        if (found == null) {
            found = find(readIfExists(fromTopic), policy, version);
        }
        if (found == null) {
            throw new IllegalArgumentException("version " + version + " of policy " + policy + " is on neither "
                    + fromHistoryTopic + " nor " + fromTopic);
        }
        return publishNext(found, policy, Provenance.promotedFrom(fromTopic, version), "promote");
    }

    /**
     * Publishes version {@code version} of {@code policy} from production's history as its next
     * version, with provenance {@code rolledBackTo}.
     *
     * @throws IllegalArgumentException when the history does not hold that version, or it is the latest
     * @throws IllegalStateException when another writer published the same version number meanwhile
     */
    public PolicyParams rollback(String policy, long version)
            throws TimeoutException, ExecutionException, InterruptedException {
        PolicyParams found = find(ParamsTopic.readAll(client, historyTopic, timeout), policy, version);
        if (found == null) {
            throw new IllegalArgumentException("version " + version + " of policy " + policy + " is not on "
                    + historyTopic);
        }
        return publishNext(found, policy, Provenance.rolledBackTo(version), "roll back");
    }

    private PolicyParams publishNext(PolicyParams source, String policy, Provenance provenance, String verb)
            throws TimeoutException, ExecutionException, InterruptedException {
        PolicyParams current = ParamsTopic.readLatest(client, paramsTopic, timeout).get(policy);
        List<PolicyParams> history = ParamsTopic.readAll(client, historyTopic, timeout);
        if (current == null) {
            throw new IllegalArgumentException("policy " + policy + " has no params on " + paramsTopic
                    + "; publish its first version with 'policystream init'");
        }
        if (!current.architecture().equals(source.architecture())) {
            throw new IllegalArgumentException("cannot " + verb + ": version " + source.version() + " has another "
                    + "architecture (" + source.architecture().policyShape() + ") than the production policy ("
                    + current.architecture().policyShape() + "); publish it with 'policystream init --force "
                    + "--params FILE' instead");
        }
        if (provenance.isRollback() && provenance.rolledBackTo() == current.version()) {
            throw new IllegalArgumentException("version " + current.version() + " is already the latest version of "
                    + policy);
        }
        long latest = current.version();
        for (PolicyParams p : history) {
            if (p.policy().equals(policy)) {
                latest = Math.max(latest, p.version());
            }
        }
        PolicyParams next = source.relabel(policy, latest + 1, source.trajectories(), source.steps(),
                System.currentTimeMillis()).withProvenance(provenance);
        ParamsTopic.publish(client, next, timeout, paramsTopic, historyTopic);
        long sameNumber = ParamsTopic.readAll(client, historyTopic, timeout).stream()
                .filter(p -> p.policy().equals(policy) && p.version() == next.version()).count();
        if (sameNumber > 1) {
            throw new IllegalStateException("the learner published version " + next.version() + " of " + policy
                    + " at the same moment, so it will not adopt this one; run the command again");
        }
        return next;
    }

    private List<PolicyParams> readIfExists(String topic) throws TimeoutException {
        try {
            return ParamsTopic.readAll(client, topic, timeout);
        } catch (IllegalStateException e) {
            // A missing topic holds no version; the caller says where it looked.
            return new ArrayList<>();
        }
    }

    /** The last record of that policy and version (a version number is published once). */
    private static PolicyParams find(List<PolicyParams> all, String policy, long version) {
        PolicyParams found = null;
        for (PolicyParams p : all) {
            if (p.policy().equals(policy) && p.version() == version) {
                found = p;
            }
        }
        return found;
    }
}
