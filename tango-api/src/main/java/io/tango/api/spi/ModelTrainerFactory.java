package io.tango.api.spi;

import io.tango.api.job.ModelTrainer;

/**
 * Creates model trainers; configured under {@code model_management.trainers.<instance>: {type, config}}.
 *
 * <p>Register an implementation in {@code META-INF/services/io.tango.api.spi.ModelTrainerFactory}.
 */
public interface ModelTrainerFactory extends TangoFactory<ModelTrainer> {}
