package io.tango.plugin.local.engine;

import java.util.concurrent.CancellationException;

/** How a training engine reports progress and learns that it should stop. Thread-safe. */
public interface TrainingMonitor {

    /**
     * Reports the fraction of the work done so far.
     *
     * @param fraction from 0 to 1; values outside are clamped
     */
    void progress(double fraction);

    /** @return whether the training was asked to stop */
    boolean isCanceled();

    /**
     * Stops the training cooperatively when it was asked to: engines call this often (every example or batch).
     *
     * @throws CancellationException if the training was canceled
     */
    default void checkCanceled() {
        if (isCanceled() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("training canceled");
        }
    }

    /** @return a monitor that ignores progress and is never canceled */
    static TrainingMonitor none() {
        return new TrainingMonitor() {
            @Override
            public void progress(double fraction) {}

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
    }
}
