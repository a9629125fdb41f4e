package io.tango.api.spi;

import io.tango.api.job.JobPredictor;

/**
 * Creates job predictors; configured under {@code model_management.job_predictors.<instance>: {type, config}}.
 *
 * <p>Register an implementation in {@code META-INF/services/io.tango.api.spi.JobPredictorFactory}.
 */
public interface JobPredictorFactory extends TangoFactory<JobPredictor> {}
