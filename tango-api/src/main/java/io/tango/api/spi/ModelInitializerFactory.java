package io.tango.api.spi;

import io.tango.api.ModelInitializer;

/**
 * Creates model initializers; configured under {@code model_management.initializers.<instance>: {type, config}}.
 *
 * <p>Register an implementation in {@code META-INF/services/io.tango.api.spi.ModelInitializerFactory}.
 */
public interface ModelInitializerFactory extends TangoFactory<ModelInitializer> {}
