package io.tango.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Applies the distribution's {@code conf/logback.xml} without parsing it, while it is unchanged: Logback's XML
 * configurator costs a quarter of a second, a third of what {@code tango plugins} may take to start.
 *
 * <p>Registered as a Logback {@link Configurator} service, it runs before Logback reads any file. When
 * {@code logback.configurationFile} names a file byte-identical to the one shipped in this jar
 * ({@value #SHIPPED}, which the distribution copies to {@code conf/logback.xml}), it configures exactly what that file
 * says: warnings and errors on standard error with the file's pattern, the root level from {@code TANGO_LOG_LEVEL}
 * (default WARN), and {@code java.util.logging} levels kept in step. Otherwise — an edited file, another file, no
 * file — it steps aside and Logback reads the configuration as usual.
 */
public final class DistributionLogging extends ContextAwareBase implements Configurator {
    /** The configuration shipped as {@code conf/logback.xml}. */
    public static final String SHIPPED = "/io/tango/cli/logback.xml";
    /** The pattern of the shipped configuration. */
    public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{30} %X{job_id} - %msg%n";
    /** The variable (system property or environment) holding the root level. */
    public static final String LEVEL_VARIABLE = "TANGO_LOG_LEVEL";
    /**
     * Kept at INFO whatever the root level: at DEBUG, grpc-netty's HTTP/2 frame loggers print every header, a bearer
     * token included (plugin-oip's {@code token} over gRPC).
     */
    public static final String GRPC_FRAME_LOGGERS = "io.grpc.netty";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String file = System.getProperty("logback.configurationFile");
        if (file == null || !isShipped(Path.of(file))) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        context.addListener(propagator);
        propagator.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        // Started with the first event (see LazyConsoleAppender): most runs log nothing.
        ConsoleAppender<ILoggingEvent> appender = new LazyConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel());
        root.addAppender(appender);
        context.getLogger(GRPC_FRAME_LOGGERS).setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** @return the root level: {@value #LEVEL_VARIABLE} as a system property, else from the environment, else WARN */
    static Level rootLevel() {
        String value = System.getProperty(LEVEL_VARIABLE, System.getenv(LEVEL_VARIABLE));
        return Level.toLevel(value, Level.WARN);
    }

    /** @return whether {@code file} holds exactly the shipped configuration */
    static boolean isShipped(Path file) {
        try (InputStream shipped = DistributionLogging.class.getResourceAsStream(SHIPPED)) {
            return shipped != null && Files.isRegularFile(file) && Arrays.equals(shipped.readAllBytes(), Files.readAllBytes(file));
        } catch (IOException e) {
            return false;
        }
    }
}
