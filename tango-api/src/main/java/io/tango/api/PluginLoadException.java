package io.tango.api;

/**
 * A plugin or one of its providers could not be loaded or used: a bad {@code META-INF/services} entry, a missing
 * class, a failing static initializer or constructor, or two providers claiming the same type.
 */
public class PluginLoadException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message which plugin (and jar) failed, and why */
    public PluginLoadException(String message) {
        super(message);
    }

    /**
     * @param message which plugin (and jar) failed, and why
     * @param cause the underlying error, may be null
     */
    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
