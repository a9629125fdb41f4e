package io.tango.runtime.config;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.ConfigProblem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading declared options: typed values, declared defaults, ranges checked even on a config nobody validated. */
class MapTangoConfigTest {
    private static final String PATH = "model_management.finders.mlflow.config";
    private static final ConfigOption<Duration> TIMEOUT = ConfigOption.duration("timeout")
            .withDefault(Duration.ofSeconds(30)).withMinimum(Duration.ofMillis(1));
    private static final ConfigOption<Integer> PIN = ConfigOption.integer("pin").withMinimum(1000).asSecret();

    private static MapTangoConfig config(Map<String, Object> values) {
        return MapTangoConfig.of(PATH, values, Set.of("pin"));
    }

    private static ConfigProblem problemOf(Runnable read) {
        try {
            read.run();
        } catch (InvalidConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("the value was accepted");
    }

    @Test
    void readsTheConfiguredValueTyped() {
        assertThat(config(Map.of("timeout", "1m30s")).get(TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(config(Map.of("size", "64MiB")).get(ConfigOption.size("size"))).isEqualTo(64L << 20);
        assertThat(config(Map.of("mode", "SAFE")).get(ConfigOption.enumOf("mode", "fast", "safe"))).isEqualTo("safe");
        assertThat(config(Map.of("models", "iris, wine")).get(ConfigOption.list("models"))).containsExactly("iris", "wine");
        assertThat(config(Map.of("headers", Map.of("a", 1))).get(ConfigOption.map("headers"))).containsEntry("a", 1);
    }

    @Test
    void readsTheDeclaredDefaultWhenAbsent() {
        assertThat(config(Map.of()).get(TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config(Map.of()).getOptional(ConfigOption.string("note"))).isEmpty();
    }

    @Test
    void refusesToReadAnAbsentOptionWithoutDefault() {
        assertThat(problemOf(() -> config(Map.of()).get(ConfigOption.string("root").withDescription("Where models live"))))
                .isEqualTo(new ConfigProblem(PATH + ".root", "is required: Where models live"));
    }

    @Test
    void checksTheRangeOfAValueNobodyValidated() {
        assertThat(problemOf(() -> config(Map.of("timeout", "0s")).get(TIMEOUT)))
                .isEqualTo(new ConfigProblem(PATH + ".timeout", "0s is below the minimum 1ms"));
    }

    @Test
    void neverShowsASecretValueOutsideItsRange() {
        assertThat(problemOf(() -> config(Map.of("pin", 42)).get(PIN)))
                .isEqualTo(new ConfigProblem(PATH + ".pin", "the value is below the minimum 1000"));
        assertThat(problemOf(() -> config(Map.of("pin", 42)).get(ConfigOption.integer("pin").withMinimum(1000))).message())
                .doesNotContain("42");
    }

    @Test
    void reportsAValueOfTheWrongTypeWithItsPath() {
        assertThatThrownBy(() -> config(Map.of("timeout", List.of("x"))).get(TIMEOUT))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: " + PATH
                        + ".timeout: expected a duration such as 30s, 500ms, 5m, 1h, 1d10s or PT30S, got a list");
    }
}
