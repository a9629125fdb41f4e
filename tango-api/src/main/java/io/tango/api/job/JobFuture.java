package io.tango.api.job;

import java.time.Duration;

/**
 * A handle on a background job (caikit's {@code JobFutureBase}): its id, its state, and its result.
 *
 * <p>Thread-safe; many threads may wait on the same future.
 *
 * @param <T> the result type
 */
public interface JobFuture<T> {

    /** @return the job's id, {@code <instance>:<local id>} (see {@link JobIds}) */
    String id();

    /** @return a snapshot of the job's state */
    JobInfo info();

    /**
     * Asks the job to stop. A queued job is canceled at once; a running job stops cooperatively and its worker is
     * freed. A job already terminal is left as it is.
     *
     * @return whether this call moved the job to CANCELED
     */
    boolean cancel();

    /**
     * Waits until the job is terminal or the timeout runs out.
     *
     * @param timeout how long to wait at most
     * @return the job's state when the wait ended (terminal, or not if the timeout ran out)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    JobInfo await(Duration timeout) throws InterruptedException;

    /**
     * Waits until the job is terminal and returns its result.
     *
     * @return the result of a COMPLETED job
     * @throws io.tango.api.JobFailedException if the job ended ERRORED
     * @throws io.tango.api.JobCanceledException if the job was canceled
     * @throws InterruptedException if the waiting thread is interrupted
     */
    T result() throws InterruptedException;

    /**
     * Waits at most {@code timeout} for the job's result.
     *
     * @param timeout how long to wait at most
     * @return the result of a COMPLETED job
     * @throws io.tango.api.OperationTimeoutException if the job is not terminal in time (it keeps running)
     * @throws io.tango.api.JobFailedException if the job ended ERRORED
     * @throws io.tango.api.JobCanceledException if the job was canceled
     * @throws InterruptedException if the waiting thread is interrupted
     */
    default T result(Duration timeout) throws InterruptedException {
        JobInfo info = await(timeout);
        if (!info.status().isTerminal()) {
            throw new io.tango.api.OperationTimeoutException(
                    "job " + id() + " is still " + info.status() + " after " + timeout, timeout);
        }
        return result();
    }
}
