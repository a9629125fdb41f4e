package io.tango.plugin.local.engine.tribuo;

import io.tango.plugin.local.engine.TrainingMonitor;

/**
 * Counts gradient steps of one training, reports the fraction done every few steps, and stops the training (by
 * throwing {@link java.util.concurrent.CancellationException} from inside Tribuo's loop) once it is canceled. Used by
 * one training thread.
 */
final class StepCounter {
    private static final int REPORT_EVERY = 256;

    private final TrainingMonitor monitor;
    private final long total;
    private long steps;

    StepCounter(TrainingMonitor monitor, long total) {
        this.monitor = monitor;
        this.total = Math.max(1, total);
    }

    void step() {
        steps++;
        if (steps % REPORT_EVERY == 0) {
            monitor.checkCanceled();
            monitor.progress(Math.min(1.0, (double) steps / total));
        }
    }
}
