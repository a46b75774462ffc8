package io.policystream.replay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a record is written as one line of text, and read back.
 *
 * <p>The key and the value are written as their UTF-8 text; a null key and a null value (a
 * tombstone) are written empty, so an empty key or value reads back as null. A record that cannot be
 * written so that it reads back the same is refused with {@link UnwritableRecordException}: bytes
 * that are not UTF-8, a line break in the key or the value, a tab in the key. Values may hold tabs:
 * a line is split at its first tabs only.
 */
public enum LineFormat {
    /**
     * {@code key<TAB>value}, the form {@code train} and {@code kcat -K'\t'} read. A line without a
     * tab is a value with a null key. Import sends each record to the partition of its key (Kafka's
     * default partitioner), so keyed records land where they were when the partition counts match.
     */
    KV("kv", 2),
    /**
     * {@code partition<TAB>timestamp<TAB>key<TAB>value}: an exact copy that keeps each record's
     * partition and timestamp, null keys included.
     */
    EXACT("exact", 4);

    private final String wireName;
    private final int fields;

    LineFormat(String wireName, int fields) {
        this.wireName = wireName;
        this.fields = fields;
    }

    /** The name on the command line: kv or exact. */
    public String wireName() {
        return wireName;
    }

    /** The format named {@code name}, or null. */
    public static LineFormat fromWire(String name) {
        for (LineFormat f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        return null;
    }

    /**
     * One line, without its line break.
     *
     * @throws UnwritableRecordException when the line would not read back as this record
     */
    public String format(int partition, long timestamp, byte[] key, byte[] value) {
        String k = key == null ? "" : text(key, "key");
        String v = value == null ? "" : text(value, "value");
        if (k.indexOf('\t') >= 0) {
            throw new UnwritableRecordException("its key contains a tab");
        }
        StringBuilder sb = new StringBuilder(k.length() + v.length() + 32);
        if (this == EXACT) {
            sb.append(partition).append('\t').append(timestamp).append('\t');
        }
        return sb.append(k).append('\t').append(v).toString();
    }

    /**
     * Reads one line back.
     *
     * @param lineNumber for the message, 1-based
     * @throws IllegalArgumentException naming the line when it is not in this format
     */
    public FileRecord parse(String line, long lineNumber) {
        if (this == KV) {
            int tab = line.indexOf('\t');
            String k = tab < 0 ? "" : line.substring(0, tab);
            String v = tab < 0 ? line : line.substring(tab + 1);
            return new FileRecord(-1, -1, bytes(k), bytes(v));
        }
        String[] parts = line.split("\t", fields);
        if (parts.length < fields) {
            throw new IllegalArgumentException("line " + lineNumber + ": expected partition<TAB>timestamp<TAB>key"
                    + "<TAB>value (format exact), found " + (parts.length - 1) + " tab(s)");
        }
        int partition;
        long timestamp;
        try {
            partition = Integer.parseInt(parts[0]);
            timestamp = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": the partition and the timestamp must be "
                    + "integers, found '" + parts[0] + "' and '" + parts[1] + "'");
        }
        if (partition < 0 || timestamp < -1) {
            throw new IllegalArgumentException("line " + lineNumber + ": partition " + partition + " or timestamp "
                    + timestamp + " is negative");
        }
        return new FileRecord(partition, timestamp, bytes(parts[2]), bytes(parts[3]));
    }

    private static byte[] bytes(String s) {
        return s.isEmpty() ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes, String what) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UnwritableRecordException("its " + what + " is not UTF-8 text");
        }
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new UnwritableRecordException("its " + what + " contains a line break");
        }
        return s;
    }
}
