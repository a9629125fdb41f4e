package io.tango.plugin.deepaas;

import io.tango.api.job.JobInfo;
import io.tango.plugin.deepaas.client.DeepaasTraining;

import static java.util.Objects.requireNonNull;

/**
 * What a trainer learned of one training: the last state it saw.
 *
 * @param model the model's URL key
 * @param training the server's last document of it
 * @param info its state then (terminal once the training ended, also when the server no longer reports it)
 */
record TrainingRecord(String model, DeepaasTraining training, JobInfo info) {
    TrainingRecord {
        requireNonNull(model, "model is null");
        requireNonNull(training, "training is null");
        requireNonNull(info, "info is null");
    }

    String uuid() {
        return training.uuid();
    }

    boolean isTerminal() {
        return info.status().isTerminal();
    }
}
