package io.tango.api.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A declared option says its type, default and range once, and refuses an inconsistent declaration. */
class ConfigOptionTest {
    private static final ConfigOption<Duration> TIMEOUT = ConfigOption.duration("timeout")
            .withDefault(Duration.ofSeconds(30)).withMinimum(Duration.ofMillis(1)).withDescription("Call timeout");

    @Test
    void keepsItsDefaultTyped() {
        assertThat(TIMEOUT.defaultValue()).contains(Duration.ofSeconds(30));
        assertThat(TIMEOUT.valueType()).isEqualTo(Duration.class);
        assertThat(TIMEOUT.type()).isEqualTo(OptionType.DURATION);
    }

    @Test
    void showsItsDefaultInConfigForm() {
        assertThat(TIMEOUT.defaultText()).contains("30s");
        assertThat(ConfigOption.size("max_download_size").withDefault(4L << 30).defaultText()).contains("4GiB");
        assertThat(ConfigOption.size("cap").withDefault(1000L).defaultText()).contains("1000B");
        assertThat(ConfigOption.duration("retention").withDefault(Duration.ofDays(7)).defaultText()).contains("7d");
        assertThat(ConfigOption.duration("delay").withDefault(Duration.ofMillis(1500)).defaultText()).contains("1s500ms");
        assertThat(ConfigOption.list("models").withDefault(List.of("iris", "wine")).defaultText()).contains("iris,wine");
    }

    @Test
    void describesItselfWithItsRange() {
        assertThat(TIMEOUT).hasToString("timeout (duration, default 30s, >= 1ms): Call timeout");
        assertThat(ConfigOption.integer("port").withRange(1, 65535).toString()).isEqualTo("port (int, 1..65535)");
        assertThat(ConfigOption.size("cap").withMaximum(2L << 30).rangeText()).contains("<= 2GiB");
    }

    @Test
    void reportsAValueOutsideItsRangeInConfigForm() {
        assertThat(TIMEOUT.rangeProblem(Duration.ZERO)).contains("0s is below the minimum 1ms");
        assertThat(TIMEOUT.rangeProblem(Duration.ofMillis(1))).isEmpty();
        ConfigOption<Integer> port = ConfigOption.integer("port").withRange(1, 65535);
        assertThat(port.rangeProblem(65536)).contains("65536 is above the maximum 65535");
        assertThat(port.rangeProblem(65535)).isEmpty();
    }

    @Test
    void neverShowsASecretValueOutsideItsRange() {
        ConfigOption<Integer> pin = ConfigOption.integer("pin").withMinimum(1000).asSecret();
        assertThat(pin.rangeProblem(42)).contains("the value is below the minimum 1000");
    }

    @Test
    void refusesADefaultOutsideItsRange() {
        assertThatThrownBy(() -> ConfigOption.duration("timeout").withMinimum(Duration.ofMillis(1)).withDefault(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("default of option 'timeout': 0s is below the minimum 1ms");
        assertThatThrownBy(() -> ConfigOption.integer("retries").withDefault(-1).withMinimum(0))
                .hasMessage("default of option 'retries': -1 is below the minimum 0");
    }

    @Test
    void refusesAMinimumAboveItsMaximum() {
        assertThatThrownBy(() -> ConfigOption.size("cap").withRange(2L << 20, 1L << 20))
                .hasMessage("option 'cap' has its minimum 2MiB above its maximum 1MiB");
    }

    @Test
    void refusesARangeOnAnUnorderedType() {
        assertThatThrownBy(() -> ConfigOption.string("name").withMinimum("a"))
                .hasMessage("option 'name' of type STRING cannot have a range");
    }

    @Test
    void refusesAnEnumDefaultThatIsNotAChoice() {
        assertThatThrownBy(() -> ConfigOption.enumOf("mode", "fast", "safe").withDefault("quick"))
                .hasMessage("default 'quick' of option 'mode' is not one of its choices fast, safe");
        assertThatThrownBy(() -> ConfigOption.enumOf("mode")).hasMessage("ENUM option 'mode' needs its choices");
    }

    @Test
    void masksASecretDefaultInToString() {
        assertThat(ConfigOption.integer("pin").withDefault(1234).asSecret().toString())
                .isEqualTo("pin (int, default ****, secret)")
                .doesNotContain("1234");
    }

    @Test
    void isImmutable() {
        List<String> models = new java.util.ArrayList<>(List.of("iris"));
        ConfigOption<List<String>> option = ConfigOption.list("models").withDefault(models);
        models.add("wine");
        assertThat(option.defaultValue()).contains(List.of("iris"));
        assertThat(option.withDescription("Models")).isNotSameAs(option).isNotEqualTo(option);
        assertThat(option.description()).isEmpty();
    }

    @Test
    void refusesNullsAtItsBoundary() {
        assertThatThrownBy(() -> TIMEOUT.withDefault(null)).isInstanceOf(NullPointerException.class).hasMessage("value is null");
        assertThatThrownBy(() -> ConfigOption.string(null)).isInstanceOf(NullPointerException.class).hasMessage("key is null");
    }
}
