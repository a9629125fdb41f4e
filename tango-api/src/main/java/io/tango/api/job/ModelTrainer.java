package io.tango.api.job;

import io.tango.api.TangoComponent;

import java.util.List;

/**
 * Runs trainings in the background (caikit's {@code ModelTrainerBase}).
 *
 * <p>Job ids start with this instance's name (see {@link JobIds}). Thread-safe.
 */
public interface ModelTrainer extends TangoComponent {

    /**
     * Starts a training and returns at once.
     *
     * @param request what to train
     * @return the training's future, QUEUED or RUNNING
     * @throws io.tango.api.InvalidRequestException if an argument is unknown, missing or invalid
     * @throws io.tango.api.CapacityExceededException if the trainer's queue is full
     * @throws io.tango.api.AlreadyExistsException if a training with the same external id is still running
     */
    TrainingFuture train(TrainingRequest request);

    /**
     * Looks up a training by id, also after a restart when the trainer keeps records.
     *
     * @param trainingId the id
     * @return its future
     * @throws io.tango.api.JobNotFoundException if no training has that id
     */
    TrainingFuture getTrainingFuture(String trainingId);

    /** @return a snapshot of every training this trainer knows, oldest first */
    default List<JobInfo> listTrainings() {
        return List.of();
    }
}
