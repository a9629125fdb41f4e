package io.tango.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.tango.api.ModelKey;
import io.tango.runtime.config.ConfigDocument;
import io.tango.runtime.config.ConfigValidator;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.runtime.testing.TestFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run with a secret option (given in YAML, JSON, a map and the environment), a password in a URL option, and every
 * way the runtime reports config: valid instances, wrong types, unknown keys, documents that do not parse, failing
 * components. No secret appears in a log event at TRACE, an exception message or a {@code toString()}.
 */
class RuntimeSecretsTest {
    private static final String TOKEN = "runtime-secret-token-4b9e";
    private static final String PASSWORD = "runtime-url-password-77aa";
    /** Letters and digits only: a JSON parser quotes such a word whole when it meets it unquoted. */
    private static final String JSON_TOKEN = "jsonSecretToken5d2c";

    @TempDir
    Path folder;

    private final List<String> seen = new ArrayList<>();

    @Test
    void noSecretAppearsInLogsMessagesOrToString() throws IOException {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Map<Logger, Level> levels = new HashMap<>();
        context.getLoggerList().forEach(logger -> levels.put(logger, logger.getLevel()));
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.start();
        root.addAppender(appender);
        context.getLoggerList().forEach(logger -> logger.setLevel(Level.TRACE));
        try {
            exercise();
        } finally {
            root.detachAppender(appender);
            levels.forEach(Logger::setLevel);
        }
        for (ILoggingEvent event : appender.list) {
            seen.add(event.getFormattedMessage());
            for (IThrowableProxy error = event.getThrowableProxy(); error != null; error = error.getCause()) {
                seen.add(error.getClassName() + ": " + error.getMessage());
            }
        }
        assertThat(appender.list).isNotEmpty();
        assertThat(seen).hasSizeGreaterThan(20);
        assertThat(seen).allSatisfy(text -> assertThat(text)
                .doesNotContain(TOKEN)
                .doesNotContain(PASSWORD)
                .doesNotContain(JSON_TOKEN));
    }

    private void exercise() throws IOException {
        String yaml = """
                model_management:
                  finders:
                    default: {type: TEST, config: {root: "https://admin:%s@registry.example.com/m", models: [iris], \
                fail_on: [down], token: %s}}
                  initializers:
                    default: {type: TEST}
                """.formatted(PASSWORD, TOKEN);
        try (TangoRuntime runtime = TangoRuntime.builder().environment(Map.of()).configYaml(yaml).build()) {
            see(runtime.toString());
            see(runtime.configuredInstances().toString());
            TestFinder finder = (TestFinder) runtime.component(ComponentKind.FINDER, "default", TestFinder.class);
            see(finder.config().toString());
            see(runtime.modelManager().load("iris").descriptor().toString());
            attempt(() -> runtime.modelManager().load("down"));
            attempt(() -> runtime.modelManager().load("missing"));
            attempt(() -> finder.config().get(io.tango.api.config.ConfigOption.integer("token")));
            attempt(() -> finder.config().get(io.tango.api.config.ConfigOption.duration("root")));
        }
        try (TangoRuntime runtime = TangoRuntime.builder()
                .environment(Map.of("TANGO__MODEL_MANAGEMENT__FINDERS__ENV__TYPE", "TEST",
                        "TANGO__MODEL_MANAGEMENT__FINDERS__ENV__CONFIG__ROOT", "/m",
                        "TANGO__MODEL_MANAGEMENT__FINDERS__ENV__CONFIG__TOKEN", TOKEN))
                .build()) {
            see(runtime.configuredInstances().toString());
            see(runtime.finder("env").toString());
        }
        attempt(() -> TangoRuntime.builder().environment(Map.of()).configYaml("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, token: [%s], threads: "https://u:%s@h"}}
                """.formatted(TOKEN, PASSWORD)).build());
        attempt(() -> TangoRuntime.builder().environment(Map.of()).configYaml("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, tokn: %s}}
                    other: {type: TSET, config: {token: %s}}
                """.formatted(TOKEN, TOKEN)).build());
        attempt(() -> ConfigDocument.parseYaml("model_management:\n  finders: {default: {config: {token: \"" + TOKEN
                + "}}}\n"));
        attempt(() -> ConfigDocument.parseYaml("model_management:\n  finders:\n    default:\n      config:\n"
                + "        token: " + TOKEN + "\n      \ttype: X\n"));
        Path json = Files.writeString(folder.resolve("tango.json"),
                "{\"model_management\": {\"finders\": {\"default\": {\"type\": \"TEST\", \"config\": {\"token\": "
                        + JSON_TOKEN + "}}}}}");
        attempt(() -> ConfigDocument.load(json));
        Path truncated = Files.writeString(folder.resolve("truncated.json"),
                "{\"model_management\": {\"finders\": {\"default\": {\"config\": {\"token\": \"" + TOKEN);
        attempt(() -> ConfigDocument.load(truncated));
        List<io.tango.api.config.ConfigProblem> problems = new ArrayList<>();
        MapTangoConfig validated = ConfigValidator.validateOptions("x", List.of(
                        io.tango.api.config.ConfigOption.integer("token").asSecret(),
                        io.tango.api.config.ConfigOption.integer("url")),
                Map.of("token", TOKEN, "url", "https://me:" + PASSWORD + "@h/x"), problems);
        see(validated.toString());
        see(problems.toString());
        see(MapTangoConfig.of("p", Map.of("url", "https://me:" + PASSWORD + "@h/x", "token", TOKEN),
                java.util.Set.of("token")).toString());
    }

    private void see(String text) {
        seen.add(text);
    }

    private void attempt(Supplier<Object> call) {
        try {
            Object result = call.get();
            seen.add(String.valueOf(result));
            if (result instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (Exception e) {
            for (Throwable error = e; error != null; error = error.getCause()) {
                seen.add(error.toString());
            }
        }
    }
}
