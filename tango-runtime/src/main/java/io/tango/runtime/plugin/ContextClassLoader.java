package io.tango.runtime.plugin;

/** Makes a class loader the thread's context class loader until closed: {@code try (var swap = ContextClassLoader.set(l))}. */
public final class ContextClassLoader implements AutoCloseable {
    private final Thread thread;
    private final ClassLoader previous;

    private ContextClassLoader(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    /**
     * @param loader the loader to make current
     * @return a handle that restores the previous loader when closed
     */
    public static ContextClassLoader set(ClassLoader loader) {
        return new ContextClassLoader(loader);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
