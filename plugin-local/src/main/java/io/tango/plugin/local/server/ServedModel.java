package io.tango.plugin.local.server;

import io.tango.api.ModelDescriptor;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a server knows about one model it serves, without loading it.
 *
 * @param name the name clients call it by (the deployment's name)
 * @param descriptor what the model is (its signature and store version); empty when it could not be resolved
 * @param loaded whether it is in memory and answers at once
 * @param reason why it is not loaded, when it was unloaded or failed to load; empty otherwise
 */
public record ServedModel(String name, Optional<ModelDescriptor> descriptor, boolean loaded, Optional<String> reason) {
    /** @throws NullPointerException if an argument is null */
    public ServedModel {
        requireNonNull(name, "name is null");
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(reason, "reason is null");
    }

    /** @return the store version the model is served at, if it has one */
    public Optional<String> version() {
        return descriptor.flatMap(ModelDescriptor::version);
    }
}
