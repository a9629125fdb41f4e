package io.tango.api.spi;

import io.tango.api.ModelFinder;

/**
 * Creates model finders; configured under {@code model_management.finders.<instance>: {type, config}}.
 *
 * <p>Register an implementation in {@code META-INF/services/io.tango.api.spi.ModelFinderFactory}.
 */
public interface ModelFinderFactory extends TangoFactory<ModelFinder> {}
