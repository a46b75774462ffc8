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

    /**
     * How many of a policy's latest versions this process remembers having published: the global
     * params store reads them back only after the transaction that wrote them commits, and by then
     * the writer may have published several more (about commit.interval.ms times updates/s).
     */
    static final int PUBLISHED_WINDOW = 64;

    /** The latest params this process published, by policy, newest last, with their JSON. */
    private static final Map<String, java.util.ArrayDeque<Published>> PUBLISHED = new java.util.HashMap<>();

    private record Published(byte[] json, PolicyParams params) {
    }

    /** Notes that this process published {@code params} as {@code json}. */
    static void published(String policy, byte[] json, PolicyParams params) {
        synchronized (PUBLISHED) {
            java.util.ArrayDeque<Published> q = PUBLISHED.computeIfAbsent(policy, k -> new java.util.ArrayDeque<>());
            if (q.size() == PUBLISHED_WINDOW) {
                q.removeFirst();
            }
            q.addLast(new Published(json, params));
        }
    }

    /**
     * The params this process published for {@code policy} among its latest
     * {@value #PUBLISHED_WINDOW} versions whose JSON is exactly {@code raw} (compared byte for
     * byte), else null: the learner reads its own versions back from the params topic, and
     * comparing is a thousand times cheaper than parsing (two versions' JSON differ within their
     * first few dozen bytes, where the version number is).
     */
    static PolicyParams publishedAs(String policy, byte[] raw) {
        synchronized (PUBLISHED) {
            java.util.ArrayDeque<Published> q = PUBLISHED.get(policy);
            if (q == null) {
                return null;
            }
            for (java.util.Iterator<Published> it = q.descendingIterator(); it.hasNext(); ) {
                Published p = it.next();
                if (java.util.Arrays.equals(p.json(), raw)) {
                    return p.params();
                }
            }
            return null;
        }
    }

    static void remember(byte[] raw, PolicyParams decoded) {
        BY_BYTES.put(raw, decoded);
    }

    /** The params decoded from exactly this array, or null. */
    static PolicyParams lookup(byte[] raw) {
        return BY_BYTES.get(raw);
    }
}
