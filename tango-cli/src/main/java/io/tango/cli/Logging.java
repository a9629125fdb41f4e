package io.tango.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.tango.runtime.config.ConfigDocument;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.util.concurrent.CompletableFuture;

/**
 * Logging of the command line: Logback is the binding (configured by the distribution's {@code conf/logback.xml}),
 * and {@code java.util.logging} — which ONNX Runtime and Tribuo use inside their plugins — is bridged to it.
 */
final class Logging {
    /** Done once Logback is configured (at once unless {@link #initializeInBackground} started it). */
    private static volatile CompletableFuture<Void> initialized = CompletableFuture.completedFuture(null);

    private Logging() {}

    /**
     * Bridges {@code java.util.logging}, configures Logback, and loads the runtime's configuration reader, on another
     * thread while the main thread builds the command line: all happen in every run anyway, and on two cores in
     * parallel a short command starts faster (starting {@code java.util.logging} alone reads the JDK's
     * logging.properties and loads a hundred classes). Class initialization and SLF4J's binding are thread-safe, and
     * a command runs only after {@link #awaitInitialized}, so this changes no result.
     */
    static void initializeInBackground() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        initialized = done;
        Thread thread = new Thread(() -> {
            try {
                bridgeJavaUtilLogging();
                LoggerFactory.getILoggerFactory();
                ConfigDocument.empty();
            } finally {
                done.complete(null);
            }
        }, "tango-initialize");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until {@link #initializeInBackground}'s work is done (at once if it was not started). */
    static void awaitInitialized() {
        initialized.join();
    }

    /** Routes {@code java.util.logging} to SLF4J, once per JVM. */
    static void bridgeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /** Lowers TANGO's and its plugins' loggers to DEBUG ({@code -v}), and the root logger to INFO. */
    static void verbose() {
        awaitInitialized();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            context.getLogger("io.tango").setLevel(Level.DEBUG);
        }
    }
}
