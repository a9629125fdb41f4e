package io.tango.api.spi;

import io.tango.api.ModelServerProxy;

/**
 * Creates model server proxies; configured under {@code model_management.model_servers.<instance>: {type, config}}.
 *
 * <p>Register an implementation in {@code META-INF/services/io.tango.api.spi.ModelServerProxyFactory}.
 */
public interface ModelServerProxyFactory extends TangoFactory<ModelServerProxy> {}
