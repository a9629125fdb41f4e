package io.tango.testkit.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every log event of the JVM, at TRACE, while it is open: for tests that prove what is and is not logged (a secret
 * never is). Opening sets every Logback logger to TRACE and attaches a list appender to the root logger; closing
 * detaches it and puts every level back. Needs Logback as the tests' SLF4J binding (an optional dependency of the
 * testkit: a plugin's tests declare it).
 *
 * <p>Not for concurrent use by two tests: logger levels are global to the Logback context.
 */
public final class CapturedLogs implements AutoCloseable {
    private final Logger root;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();

    private CapturedLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLoggerList().forEach(logger -> levels.put(logger, logger.getLevel()));
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.start();
        root.addAppender(appender);
        context.getLoggerList().forEach(logger -> logger.setLevel(Level.TRACE));
    }

    /** @return a capture of every event from now on, at TRACE; close it to restore the levels */
    public static CapturedLogs atTrace() {
        return new CapturedLogs();
    }

    /** @return the events captured so far, in order (a copy) */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /**
     * @return every text the captured events would print: each formatted message, and the class name and message of
     *         each throwable in its cause chain
     */
    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : events()) {
            texts.add(event.getFormattedMessage());
            for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
                texts.add(error.getClassName() + ": " + error.getMessage());
            }
        }
        return texts;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        levels.forEach(Logger::setLevel);
    }
}
