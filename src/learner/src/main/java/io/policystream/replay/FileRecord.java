package io.policystream.replay;

/**
 * One record as a line of an export file holds it.
 *
 * @param partition the partition it came from, or -1 when the line does not say (format kv)
 * @param timestamp its timestamp, epoch milliseconds, or -1 when the line does not say (format kv)
 * @param key the key's UTF-8 bytes, or null for a null key (written as an empty key)
 * @param value the value's UTF-8 bytes, or null for a tombstone (written as an empty value)
 */
public record FileRecord(int partition, long timestamp, byte[] key, byte[] value) {
}
