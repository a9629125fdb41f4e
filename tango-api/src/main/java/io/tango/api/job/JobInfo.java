package io.tango.api.job;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * A snapshot of a job (caikit's {@code JobInfo}, with start time and progress).
 *
 * @param id the job's id, {@code <instance>:<id>}
 * @param status its status
 * @param errors the errors it ended with (ERRORED), empty otherwise
 * @param submitted when it was accepted
 * @param started when a worker started it, once it has
 * @param completed when it reached a terminal status, once it has
 * @param progress the fraction done, from 0 to 1, when the job reports it
 * @param details anything else worth showing (where the model went, the remote job's own id), in order
 */
public record JobInfo(
        String id,
        JobStatus status,
        List<JobError> errors,
        Instant submitted,
        Optional<Instant> started,
        Optional<Instant> completed,
        OptionalDouble progress,
        Map<String, String> details) {

    public JobInfo {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
        requireNonNull(submitted, "submitted is null");
        requireNonNull(started, "started is null");
        requireNonNull(completed, "completed is null");
        requireNonNull(progress, "progress is null");
        if (progress.isPresent() && (progress.getAsDouble() < 0 || progress.getAsDouble() > 1)) {
            throw new IllegalArgumentException("progress must be within [0, 1], got " + progress.getAsDouble());
        }
        details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
    }
}
