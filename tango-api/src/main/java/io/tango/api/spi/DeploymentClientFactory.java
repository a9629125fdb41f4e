package io.tango.api.spi;

import io.tango.api.deploy.DeploymentClient;

/**
 * Creates deployment clients, one per target; the type is the target name ({@code local}, {@code mlflow}) that target URIs select; configured under {@code model_management.deployment_targets.<instance>: {type, config}}.
 *
 * <p>Register an implementation in {@code META-INF/services/io.tango.api.spi.DeploymentClientFactory}.
 */
public interface DeploymentClientFactory extends TangoFactory<DeploymentClient> {}
