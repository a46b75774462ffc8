package io.policystream.config;

/**
 * How the learner writes a params version to Kafka: {@code ParamsCodec.encode} or
 * {@code encodeBinary}. Readers take either, whatever they were configured with: a binary record
 * starts with a zero byte, which JSON never does.
 */
public enum ParamsEncoding {
    /** The params JSON: what every client can read, kcat included. The default. */
    JSON("json"),
    /**
     * The binary params record: the JSON's fields in a header, the numbers as little-endian
     * float64; about 8 bytes per number instead of about 20, and no number formatting or parsing.
     * For large networks whose readers are PolicyStream or follow the wire format's "Binary params".
     */
    BINARY("binary");

    private final String wireName;

    ParamsEncoding(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in a configuration file. */
    public String wireName() {
        return wireName;
    }
}
