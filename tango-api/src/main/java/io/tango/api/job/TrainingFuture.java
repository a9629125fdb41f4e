package io.tango.api.job;

import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;

/**
 * A training running in the background (caikit's {@code ModelTrainerFutureBase}): its result is the descriptor of
 * the trained model, saved where the trainer keeps models, and {@link #load()} makes it runnable.
 */
public interface TrainingFuture extends JobFuture<ModelDescriptor> {

    /**
     * Waits for the training and loads the trained model.
     *
     * @return the trained model, ready to predict; the caller closes it
     * @throws io.tango.api.JobFailedException if the training ended ERRORED
     * @throws io.tango.api.JobCanceledException if it was canceled
     * @throws InterruptedException if the waiting thread is interrupted
     */
    LoadedModel load() throws InterruptedException;
}
