package io.tango.api;

import java.util.Optional;

/**
 * Finds a model by its key and describes it (caikit's {@code ModelFinderBase}).
 *
 * <p>"Not found" and "failed" are distinct: a key this finder does not understand, or a model that does not exist,
 * is {@link Optional#empty()}; a finder that could not look (a server down, a corrupt descriptor) throws. A finder
 * may download the artifacts and describe the local copy. Thread-safe.
 */
public interface ModelFinder extends TangoComponent {

    /**
     * @param key the model's key
     * @return the model's descriptor, or empty if this finder has no such model or does not understand the key
     * @throws RemoteServiceException if a remote registry failed
     * @throws TangoException if the model exists but cannot be described (e.g. a corrupt descriptor file)
     */
    Optional<ModelDescriptor> find(ModelKey key);
}
