package io.tango.toolkit.log;

import org.slf4j.MDC;

import static java.util.Objects.requireNonNull;

/**
 * Puts a job's id in the slf4j MDC under {@value #KEY} while the current thread works for that job, and puts back
 * what was there before when closed, so a job's log lines can be found by its id wherever they come from:
 *
 * <pre>{@code
 * try (JobMdc ignored = JobMdc.put(job.id())) {
 *     ... // every log line of this thread carries job_id
 * }
 * }</pre>
 *
 * <p>Use it on the thread that does the work, in a try-with-resources block; an instance belongs to that thread.
 */
public final class JobMdc implements AutoCloseable {

    /** The MDC key of the job id, the same in every TANGO component. */
    public static final String KEY = "job_id";

    private final String previous;

    private JobMdc(String previous) {
        this.previous = previous;
    }

    /**
     * @param jobId the job's id ({@code <instance>:<id>})
     * @return what restores the MDC's previous job id when closed
     * @throws NullPointerException if {@code jobId} is null
     */
    public static JobMdc put(String jobId) {
        requireNonNull(jobId, "jobId is null");
        String previous = MDC.get(KEY);
        MDC.put(KEY, jobId);
        return new JobMdc(previous);
    }

    /** Puts back the job id that was in the MDC before, or removes the key if there was none. */
    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, previous);
        }
    }
}
