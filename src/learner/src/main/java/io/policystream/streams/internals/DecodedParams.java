package io.policystream.streams.internals;

import io.policystream.policy.PolicyParams;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One learner's decoded params, so that a version's JSON is parsed at most once per learner: a
 * network's JSON takes milliseconds to decode, and a learner has a decoder, an assembler and a
 * gradient processor per partition. The learner makes one, shared by the processors of both its
 * applications ({@code LearnerTopology}); two learners in one JVM each have their own.
 *
 * <ul>
 *   <li>By the identity of the JSON bytes: the global params store hands the same byte array to
 *       every processor of an application, so its updater decodes each version once
 *       ({@link #remember}) and the processors find it ({@link #lookup}). Entries go away with their
 *       bytes (weak keys; arrays compare by identity).
 *   <li>By content, for the versions this learner's writer published ({@link #published}): the
 *       params store reads them back from the params topic as other arrays with the same bytes
 *       ({@link #publishedAs}).
 * </ul>
 */
public final class DecodedParams {
    /**
     * How many of a policy's latest versions the learner remembers having published: the global
     * params store reads them back only after the transaction that wrote them commits, and by then
     * the writer may have published several more (about commit.interval.ms times updates/s).
     */
    static final int PUBLISHED_WINDOW = 64;

    private final Map<byte[], PolicyParams> byBytes = Collections.synchronizedMap(new WeakHashMap<>());
    /** The latest params this learner published, by policy, newest last, with their JSON. */
    private final Map<String, ArrayDeque<Published>> published = new HashMap<>();

    private record Published(byte[] json, PolicyParams params) {
    }

    /** Notes that this learner published {@code params} as {@code json}. */
    void published(String policy, byte[] json, PolicyParams params) {
        synchronized (published) {
            ArrayDeque<Published> q = published.computeIfAbsent(policy, k -> new ArrayDeque<>());
            if (q.size() == PUBLISHED_WINDOW) {
                q.removeFirst();
            }
            q.addLast(new Published(json, params));
        }
    }

    /**
     * The params this learner published for {@code policy} among its latest
     * {@value #PUBLISHED_WINDOW} versions whose JSON is exactly {@code raw} (compared byte for
     * byte), else null: the learner reads its own versions back from the params topic, and
     * comparing is a thousand times cheaper than parsing (two versions' JSON differ within their
     * first few dozen bytes, where the version number is).
     */
    PolicyParams publishedAs(String policy, byte[] raw) {
        synchronized (published) {
            ArrayDeque<Published> q = published.get(policy);
            if (q == null) {
                return null;
            }
            for (Iterator<Published> it = q.descendingIterator(); it.hasNext(); ) {
                Published p = it.next();
                if (Arrays.equals(p.json(), raw)) {
                    return p.params();
                }
            }
            return null;
        }
    }

    /** Notes that exactly this array decodes to {@code decoded}. */
    void remember(byte[] raw, PolicyParams decoded) {
        byBytes.put(raw, decoded);
    }

    /** The params decoded from exactly this array, or null. */
    PolicyParams lookup(byte[] raw) {
        return byBytes.get(raw);
    }
}
