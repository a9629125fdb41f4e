package io.tango.api.job;

/**
 * Where a job is in its life (caikit's {@code JobStatus}). COMPLETED, CANCELED and ERRORED are terminal: once a job
 * reaches one, its status never changes again.
 */
public enum JobStatus {
    /** Accepted, waiting for a worker. */
    QUEUED,
    /** A worker is running it. */
    RUNNING,
    /** Finished with a result. Terminal. */
    COMPLETED,
    /** Stopped on request before it completed. Terminal. */
    CANCELED,
    /** Failed; its errors say why. Terminal. */
    ERRORED;

    /** @return whether the status is final */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELED || this == ERRORED;
    }
}
