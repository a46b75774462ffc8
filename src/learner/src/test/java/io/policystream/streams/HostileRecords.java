package io.policystream.streams;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of bad event records for policy {@code cp} (4 inputs, 2 actions), each with
 * the dead-letter reason the learner must give it. Every class of hostile input the reliability
 * promise names is here: random bytes, truncated JSON, deep nesting, huge arrays, strings of
 * megabytes, NaN and infinities in every numeric field, wrong dimensions, negative and enormous
 * step numbers, unknown policies, wrong types and missing fields, and keys that differ from the
 * episode. Conflicting duplicates and late events of valid episodes are made by the test, which
 * knows those episodes.
 */
final class HostileRecords {
    /** One bad record and the reason the learner must refuse it with. */
    record Bad(String kind, byte[] key, byte[] value, String reason) {
    }

    /** Largest value of a record that is still under the learner's default max.event.bytes (1 MiB). */
    static final int NEAR_LIMIT_BYTES = 1_020_000;

    private static final String[] NON_FINITE = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999"};
    private static final String[] INTEGER_FIELDS = {"step", "action", "policyVersion", "time"};
    private static final String[] DOUBLE_FIELDS = {"state", "logProb", "reward"};

    private final SplittableRandom rng;
    private final List<Bad> out = new ArrayList<>();
    private int next;

    HostileRecords(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** The bad records, in a seeded random order. */
    static List<Bad> generate(long seed) {
        HostileRecords g = new HostileRecords(seed);
        g.randomBytes(2000);
        g.nullAndEmpty(100);
        g.truncatedJson(1500);
        g.deepNesting(300);
        g.hugeArrays(200);
        g.megabyteStrings();
        g.nonFiniteNumbers(2000);
        g.wrongDimensions(1000);
        g.stepNumbers(1000);
        g.unknownPolicies(1000);
        g.keyMismatches(1000);
        g.wrongTypesAndMissingFields(500);
        List<Bad> all = g.out;
        for (int i = all.size() - 1; i > 0; i--) {
            int j = g.rng.nextInt(i + 1);
            Bad t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return all;
    }

    private String episode() {
        return "bad-" + next++;
    }

    /** A valid step event's fields for policy cp, as raw JSON texts, in wire-format order. */
    static Map<String, String> fields(String episode) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("type", "\"step\"");
        f.put("policy", "\"cp\"");
        f.put("episode", "\"" + episode + "\"");
        f.put("step", "0");
        f.put("state", "[0.1,-0.2,0.3,-0.4]");
        f.put("action", "1");
        f.put("logProb", "-0.7");
        f.put("policyVersion", "0");
        f.put("reward", "1.0");
        f.put("done", "false");
        f.put("time", "1000000");
        return f;
    }

    static String json(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }

    private void add(String kind, String key, byte[] value, String reason) {
        out.add(new Bad(kind, key == null ? null : utf8(key), value, reason));
    }

    private void add(String kind, String key, String value, String reason) {
        add(kind, key, utf8(value), reason);
    }

    private void randomBytes(int n) {
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[1 + rng.nextInt(300)];
            rng.nextBytes(b);
            add("random-bytes", episode(), b, "malformed-json");
        }
    }

    private void nullAndEmpty(int n) {
        for (int i = 0; i < n; i++) {
            add("null-or-empty", episode(), i % 2 == 0 ? null : new byte[0], "malformed-json");
        }
    }

    private void truncatedJson(int n) {
        for (int i = 0; i < n; i++) {
            String ep = episode();
            String full = json(fields(ep));
            add("truncated-json", ep, full.substring(0, 1 + rng.nextInt(full.length() - 1)), "malformed-json");
        }
    }

    private void deepNesting(int n) {
        for (int i = 0; i < n; i++) {
            String ep = episode();
            int depth = 65 + rng.nextInt(i % 10 == 0 ? 100_000 : 1000);
            String deep = "[".repeat(depth) + "]".repeat(depth);
            Map<String, String> f = fields(ep);
            f.put(i % 2 == 0 ? "extra" : "state", deep);
            add("deep-nesting", ep, json(f), "too-large");
        }
    }

    private void hugeArrays(int n) {
        for (int i = 0; i < n; i++) {
            String ep = episode();
            int length;
            String reason = "wrong-dimension";
            if (i < 3) {
                length = (NEAR_LIMIT_BYTES - 300) / 2;
            } else if (i < 5) {
                length = 750_000;
                reason = "too-large";
            } else {
                length = 5 + rng.nextInt(20_000);
            }
            StringBuilder a = new StringBuilder(length * 2 + 2).append('[');
            for (int k = 0; k < length; k++) {
                a.append(k == 0 ? "" : ",").append(k % 10);
            }
            Map<String, String> f = fields(ep);
            f.put(i % 2 == 0 ? "state" : "action", a.append(']').toString());
            add("huge-array", ep, json(f), reason.equals("wrong-dimension") && i % 2 == 1 ? "bad-action" : reason);
        }
    }

    private void megabyteStrings() {
        for (int i = 0; i < 3; i++) {
            String ep = episode();
            Map<String, String> f = fields(ep);
            f.put("policy", "\"" + "p".repeat((2 << 20) + i * (512 << 10)) + "\"");
            add("megabyte-string", ep, json(f), "too-large");
        }
        for (int i = 0; i < 3; i++) {
            String ep = episode();
            Map<String, String> f = fields(ep);
            f.put("episode", "\"" + "e".repeat(900_000) + "\"");
            add("megabyte-string", ep, json(f), "bad-format");
        }
    }

    private void nonFiniteNumbers(int n) {
        List<String[]> cases = new ArrayList<>();
        for (String v : NON_FINITE) {
            for (String field : INTEGER_FIELDS) {
                cases.add(new String[] {field, v, "wrong-type"});
            }
            for (String field : DOUBLE_FIELDS) {
                String text = field.equals("state") ? "[0.1," + v + ",0.3,0.4]" : v;
                cases.add(new String[] {field, text, "non-finite"});
            }
        }
        for (int i = 0; i < n; i++) {
            String[] c = cases.get(i % cases.size());
            String ep = episode();
            Map<String, String> f = fields(ep);
            f.put(c[0], c[1]);
            add("non-finite", ep, json(f), c[2]);
        }
    }

    private void wrongDimensions(int n) {
        for (int i = 0; i < n; i++) {
            String ep = episode();
            Map<String, String> f = fields(ep);
            String reason;
            switch (i % 5) {
                case 0 -> {
                    f.put("state", "[]");
                    reason = "wrong-dimension";
                }
                case 1 -> {
                    f.put("state", "[1,2,3]");
                    reason = "wrong-dimension";
                }
                case 2 -> {
                    f.put("state", "[1,2,3,4,5]");
                    reason = "wrong-dimension";
                }
                case 3 -> {
                    f.put("action", String.valueOf(2 + rng.nextInt(1_000_000)));
                    reason = "bad-action";
                }
                default -> {
                    f.put("action", "[0.5]");
                    reason = "bad-action";
                }
            }
            add("wrong-dimension", ep, json(f), reason);
        }
    }

    private void stepNumbers(int n) {
        for (int i = 0; i < n; i++) {
            String ep = episode();
            Map<String, String> f = fields(ep);
            String reason;
            switch (i % 4) {
                case 0 -> {
                    f.put("step", String.valueOf(-1 - rng.nextLong(Long.MAX_VALUE)));
                    reason = "out-of-range";
                }
                case 1 -> {
                    f.put("step", "1" + "0".repeat(20 + rng.nextInt(200)));
                    reason = "out-of-range";
                }
                case 2 -> {
                    f.put("step", String.valueOf(Long.MAX_VALUE));
                    reason = "limit-exceeded";
                }
                default -> {
                    f.put("step", String.valueOf(10_000 + rng.nextLong(Long.MAX_VALUE - 10_000)));
                    reason = "limit-exceeded";
                }
            }
            add("step-number", ep, json(f), reason);
        }
    }

    private void unknownPolicies(int n) {
        for (int i = 0; i < n; i++) {
            String ep = episode();
            Map<String, String> f = fields(ep);
            f.put("policy", "\"ghost-" + rng.nextInt(1000) + "\"");
            add("unknown-policy", ep, json(f), "unknown-policy");
        }
    }

    private void keyMismatches(int n) {
        for (int i = 0; i < n; i++) {
            String ep = episode();
            add("key-mismatch", "not-" + ep, json(fields(ep)), "key-mismatch");
        }
    }

    private void wrongTypesAndMissingFields(int n) {
        String[][] cases = {
            {"policy", "5", "wrong-type"}, {"episode", "[\"e\"]", "wrong-type"}, {"state", "\"abc\"", "wrong-type"},
            {"step", "\"0\"", "wrong-type"}, {"step", "1.5", "wrong-type"}, {"done", "\"yes\"", "wrong-type"},
            {"policy", "\"cart pole\"", "bad-format"}, {"type", "\"jump\"", "bad-format"},
            {"state", null, "missing-field"}, {"policy", null, "missing-field"}, {"logProb", null, "missing-field"},
        };
        for (int i = 0; i < n; i++) {
            String[] c = cases[i % cases.length];
            String ep = episode();
            Map<String, String> f = fields(ep);
            if (c[1] == null) {
                f.remove(c[0]);
            } else {
                f.put(c[0], c[1]);
            }
            add("wrong-type-or-missing", ep, json(f), c[2]);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
