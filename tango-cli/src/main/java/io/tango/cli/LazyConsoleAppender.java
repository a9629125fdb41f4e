package io.tango.cli;

import ch.qos.logback.core.ConsoleAppender;

/**
 * A {@link ConsoleAppender} that starts its encoder when the first event arrives instead of when it is configured.
 *
 * <p>Starting a {@link ch.qos.logback.classic.encoder.PatternLayoutEncoder} compiles its pattern, and the first
 * {@link ch.qos.logback.classic.PatternLayout} initializes Logback's whole converter table (about 110 classes and 70
 * lambdas): a third of Logback's start-up, spent on every run of {@code bin/tango} although a command that succeeds
 * at the default level (WARN) writes no log line at all. The bytes written are the same: the pattern has no file
 * header, so nothing is written at start either way.
 *
 * <p>Thread-safe: the encoder is started once, by the first thread that appends; later appends see it started.
 *
 * @param <E> the event type
 */
final class LazyConsoleAppender<E> extends ConsoleAppender<E> {
    private volatile boolean encoderStarted;

    @Override
    protected void append(E event) {
        if (!encoderStarted) {
            startEncoder();
        }
        super.append(event);
    }

    private synchronized void startEncoder() {
        if (!encoderStarted) {
            getEncoder().start();
            encoderStarted = true;
        }
    }
}
