package io.tango.api;

/**
 * What every component a factory creates is: something the runtime closes when it closes.
 *
 * <p>{@link #close()} must release every thread, connection, process and file the component holds, be idempotent,
 * and not throw checked exceptions. Components that hold nothing keep the empty default.
 */
public interface TangoComponent extends AutoCloseable {
    /** Releases everything this component holds. Idempotent. */
    @Override
    default void close() {}
}
