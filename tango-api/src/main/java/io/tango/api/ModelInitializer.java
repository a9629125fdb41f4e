package io.tango.api;

import java.util.Optional;

/**
 * Makes a described model runnable (caikit's {@code ModelInitializerBase}).
 *
 * <p>An initializer that does not handle the descriptor's {@link ModelDescriptor#format() format} answers empty
 * ("not mine"), so a MULTI initializer can try the next one; one that handles it but fails throws. Thread-safe.
 */
public interface ModelInitializer extends TangoComponent {

    /**
     * @param descriptor what a finder or registry returned
     * @return the ready model, or empty if this initializer does not handle the descriptor's format
     * @throws TangoException if the descriptor is this initializer's but the model cannot be made ready (a corrupt or
     *     missing artifact, an unknown engine — the message lists the ones available)
     */
    Optional<TangoModel<?, ?>> initialize(ModelDescriptor descriptor);
}
