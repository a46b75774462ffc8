package io.policystream.replay;

/**
 * What an import did.
 *
 * @param records records the file holds
 * @param produced records written to the topic by this run
 * @param alreadyPresent records skipped because the topic already held them (an earlier import)
 */
public record ImportSummary(long records, long produced, long alreadyPresent) {
}
