package io.policystream.replay;

import java.util.List;

/**
 * What an export wrote.
 *
 * @param topic the topic read
 * @param ranges the offsets read from each partition
 * @param records records written as lines
 * @param skipped records left out because a line cannot hold them (only with skipping on)
 */
public record ExportSummary(String topic, List<PartitionRange> ranges, long records, long skipped) {
    public ExportSummary {
        ranges = List.copyOf(ranges);
    }
}
