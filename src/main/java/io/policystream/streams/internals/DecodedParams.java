package io.policystream.streams.internals;

import io.policystream.policy.PolicyParams;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Decoded params by the identity of the JSON bytes they came from. The global params store hands
 * the same byte array to every processor of a learner, so each version is decoded once per process
 * (by the store's updater) instead of once per processor and task: a network's JSON takes
 * milliseconds to decode, and a learner has a decoder, an assembler and a gradient processor per
 * partition. Entries go away with their bytes (weak keys; arrays compare by identity).
 */
final class DecodedParams {
    private static final Map<byte[], PolicyParams> BY_BYTES = Collections.synchronizedMap(new WeakHashMap<>());

    private DecodedParams() {
    }

    /** The latest params this process published, by policy, with their JSON. */
    private static final Map<String, Published> PUBLISHED = new java.util.concurrent.ConcurrentHashMap<>();

    private record Published(byte[] json, PolicyParams params) {
    }

    /** Notes that this process published {@code params} as {@code json}. */
    static void published(String policy, byte[] json, PolicyParams params) {
        PUBLISHED.put(policy, new Published(json, params));
    }

    /**
     * The params this process last published for {@code policy}, when {@code raw} holds exactly
     * their JSON (compared byte for byte), else null: the learner reads its own versions back from
     * the params topic, and comparing is a thousand times cheaper than parsing.
     */
    static PolicyParams publishedAs(String policy, byte[] raw) {
        Published p = PUBLISHED.get(policy);
        return p != null && java.util.Arrays.equals(p.json(), raw) ? p.params() : null;
    }

    static void remember(byte[] raw, PolicyParams decoded) {
        BY_BYTES.put(raw, decoded);
    }

    /** The params decoded from exactly this array, or null. */
    static PolicyParams lookup(byte[] raw) {
        return BY_BYTES.get(raw);
    }
}
