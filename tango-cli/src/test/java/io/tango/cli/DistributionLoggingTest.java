package io.tango.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The distribution's logging: conf/logback.xml applied without parsing while it is unchanged. */
class DistributionLoggingTest {
    private static final String PROPERTY = "logback.configurationFile";

    @TempDir
    Path folder;

    @AfterEach
    void clearProperty() {
        System.clearProperty(PROPERTY);
    }

    private Path shipped() throws Exception {
        try (InputStream in = DistributionLogging.class.getResourceAsStream(DistributionLogging.SHIPPED)) {
            return Files.write(folder.resolve("logback.xml"), in.readAllBytes());
        }
    }

    @Test
    void configuresTheShippedFileWithoutParsingIt() throws Exception {
        System.setProperty(PROPERTY, shipped().toString());
        LoggerContext context = new LoggerContext();
        DistributionLogging logging = new DistributionLogging();
        logging.setContext(context);

        ExecutionStatus status = logging.configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(ch.qos.logback.classic.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(DistributionLogging.rootLevel());
        ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo(DistributionLogging.PATTERN);
    }

    @Test
    void theShippedFileSaysWhatTheFastPathDoes() throws Exception {
        String xml = Files.readString(shipped());

        assertThat(xml).contains("<pattern>" + DistributionLogging.PATTERN + "</pattern>")
                .contains("<target>System.err</target>")
                .contains("<root level=\"${" + DistributionLogging.LEVEL_VARIABLE + ":-WARN}\">")
                .contains("<resetJUL>true</resetJUL>")
                .contains("<logger name=\"" + DistributionLogging.GRPC_FRAME_LOGGERS + "\" level=\"INFO\"/>");
    }

    @Test
    void keepsGrpcNettysHeaderLoggersAtInfoWhenTheRootLevelIsDebug() throws Exception {
        System.setProperty(PROPERTY, shipped().toString());
        System.setProperty(DistributionLogging.LEVEL_VARIABLE, "DEBUG");
        LoggerContext context = new LoggerContext();
        DistributionLogging logging = new DistributionLogging();
        logging.setContext(context);
        try {
            logging.configure(context);
        } finally {
            System.clearProperty(DistributionLogging.LEVEL_VARIABLE);
        }

        assertThat(context.getLogger("io.tango.plugin.oip.OipGrpcClient").isDebugEnabled()).isTrue();
        assertThat(context.getLogger("io.grpc.netty.NettyClientHandler").isDebugEnabled()).isFalse();
        assertThat(context.getLogger("io.grpc.netty.NettyServerHandler").isDebugEnabled()).isFalse();
    }

    @Test
    void stepsAsideForAnEditedFile() throws Exception {
        Path edited = Files.writeString(folder.resolve("edited.xml"), Files.readString(shipped()).replace("WARN", "INFO"));
        System.setProperty(PROPERTY, edited.toString());
        LoggerContext context = new LoggerContext();

        assertThat(new DistributionLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }

    @Test
    void stepsAsideWithoutAFile() {
        assertThat(new DistributionLogging().configure(new LoggerContext())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }

    @Test
    void theLevelVariableChoosesTheRootLevel() {
        System.setProperty(DistributionLogging.LEVEL_VARIABLE, "INFO");
        try {
            assertThat(DistributionLogging.rootLevel()).isEqualTo(Level.INFO);
        } finally {
            System.clearProperty(DistributionLogging.LEVEL_VARIABLE);
        }
    }
}
