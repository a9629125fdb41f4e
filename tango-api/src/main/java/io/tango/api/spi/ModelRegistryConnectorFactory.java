package io.tango.api.spi;

import io.tango.api.ModelRegistryConnector;

/**
 * Creates model registry connectors; configured under {@code model_management.registries.<instance>: {type, config}}.
 *
 * <p>Register an implementation in {@code META-INF/services/io.tango.api.spi.ModelRegistryConnectorFactory}.
 */
public interface ModelRegistryConnectorFactory extends TangoFactory<ModelRegistryConnector> {}
