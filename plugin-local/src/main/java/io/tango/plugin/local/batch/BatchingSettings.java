package io.tango.plugin.local.batch;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * How a deployment joins requests into one model call, as Triton's and DJL Serving's dynamic batching: at most
 * {@code maxBatchSize} rows per call, a request waiting at most {@code maxBatchDelayMicros} for others to join it, and a
 * batch of one of the {@code preferredBatchSizes} dispatched at once when nothing else is queued.
 *
 * @param maxBatchSize the most rows (first-dimension entries, summed over the joined requests) of one model call; 1
 *     turns batching off
 * @param maxBatchDelayMicros the longest a request waits, from its arrival, for others to join it, in microseconds; 0
 *     joins only what is already queued
 * @param preferredBatchSizes row counts dispatched at once when no other request is queued, each from 1 to
 *     {@code maxBatchSize}; may be empty
 */
public record BatchingSettings(int maxBatchSize, long maxBatchDelayMicros, List<Integer> preferredBatchSizes) {
    /** No batching: every request is one model call. */
    public static final BatchingSettings OFF = new BatchingSettings(1, 0, List.of());

    /** @throws IllegalArgumentException if a value is out of range */
    public BatchingSettings {
        preferredBatchSizes = List.copyOf(requireNonNull(preferredBatchSizes, "preferredBatchSizes is null"));
        if (maxBatchSize < 1 || maxBatchDelayMicros < 0) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1 and maxBatchDelayMicros not negative, got "
                    + maxBatchSize + " and " + maxBatchDelayMicros);
        }
        for (int size : preferredBatchSizes) {
            if (size < 1 || size > maxBatchSize) {
                throw new IllegalArgumentException("preferred batch size " + size + " is not from 1 to " + maxBatchSize);
            }
        }
    }

    /** @return whether requests are joined: {@code maxBatchSize} above 1 */
    public boolean enabled() {
        return maxBatchSize > 1;
    }
}
