package io.tango.runtime.plugin;

/** Whether a discovered provider can be used. */
public enum ProviderStatus {
    /** Loaded and usable. */
    LOADED,
    /** Could not be loaded: a bad manifest entry, a missing class, a failing initializer or constructor. */
    FAILED,
    /** Loaded, but another provider declares the same type for the same kind: neither is used. */
    DUPLICATE
}
