package io.policystream.streams.internals;

import io.policystream.policy.PolicyParams;
import io.policystream.wire.InvalidParamsException;
import io.policystream.wire.ParamsCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest params of each policy, read from the global params store. Decoding a network's
 * JSON is costly, so each decoded version is cached until the store holds another value. The
 * store holds only params that {@link ParamsStoreUpdater} validated and counted; a value that
 * still fails here (a store filled some other way) is refused too, and the last good version stays
 * in use.
 */
public final class ParamsView {
    private static final Logger LOG = LoggerFactory.getLogger(ParamsView.class);

    private final KeyValueStore<String, byte[]> store;
    private final DecodedParams known;
    private final ParamsCodec codec = new ParamsCodec();
    private final Map<String, byte[]> rawSeen = new HashMap<>();
    private final Map<String, PolicyParams> decoded = new HashMap<>();

    /**
     * @param store the global params store
     * @param known the learner's decoded params, where the store's updater left what it decoded
     */
    public ParamsView(KeyValueStore<String, byte[]> store, DecodedParams known) {
        this.store = store;
        this.known = known;
    }

    /** The view over the global store of a processor's context. */
    public static ParamsView of(ProcessorContext<?, ?> context, DecodedParams known) {
        return new ParamsView(context.getStateStore(LearnerStores.PARAMS), known);
    }

    /** The latest valid params of the policy, or null when it has none. */
    public PolicyParams get(String policy) {
        byte[] raw = store.get(policy);
        if (raw == null) {
            return decoded.get(policy);
        }
        if (raw == rawSeen.get(policy)) {
            return decoded.get(policy);
        }
        rawSeen.put(policy, raw);
        PolicyParams decodedBefore = known.lookup(raw);
        if (decodedBefore != null && decodedBefore.policy().equals(policy)) {
            decoded.put(policy, decodedBefore);
            return decodedBefore;
        }
        try {
            PolicyParams p = codec.decode(raw);
            if (!p.policy().equals(policy)) {
                throw new InvalidParamsException(io.policystream.event.InvalidReason.KEY_MISMATCH,
                        "policy: '" + p.policy() + "' differs from the record key '" + policy + "'");
            }
            decoded.put(policy, p);
        } catch (InvalidParamsException e) {
            LOG.warn("refused params of policy {} from the params topic ({}); keeping version {}", policy,
                    e.getMessage(), decoded.containsKey(policy) ? decoded.get(policy).version() : "none");
        }
        return decoded.get(policy);
    }
}
