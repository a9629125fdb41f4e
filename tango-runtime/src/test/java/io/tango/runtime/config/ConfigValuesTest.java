package io.tango.runtime.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValuesTest {

    @Test
    void readsDurationsWithUnits() {
        assertThat(ConfigValues.asDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigValues.asDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ConfigValues.asDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ConfigValues.asDuration("2h")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void readsCaikitsCompoundDurations() {
        assertThat(ConfigValues.asDuration("1d10s")).isEqualTo(Duration.ofDays(1).plusSeconds(10));
    }

    @Test
    void readsIsoDurationsAndBareSeconds() {
        assertThat(ConfigValues.asDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ConfigValues.asDuration(45)).isEqualTo(Duration.ofSeconds(45));
        assertThat(ConfigValues.asDuration("1.5")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejectsAMalformedDuration() {
        assertThatThrownBy(() -> ConfigValues.asDuration("soon"))
                .hasMessage("expected a duration such as 30s, 500ms, 5m, 1h, 1d10s or PT30S, got 'soon'");
    }

    @Test
    void readsBinarySizes() {
        assertThat(ConfigValues.asSize("512KiB")).isEqualTo(512 * 1024L);
        assertThat(ConfigValues.asSize("64MB")).isEqualTo(64L << 20);
        assertThat(ConfigValues.asSize("1g")).isEqualTo(1L << 30);
        assertThat(ConfigValues.asSize(1024)).isEqualTo(1024L);
    }

    @Test
    void rejectsAnUnknownSizeUnit() {
        assertThatThrownBy(() -> ConfigValues.asSize("10 parsecs"))
                .hasMessage("expected a size such as 1024, 512KiB, 64MiB or 1GiB, got '10 parsecs'");
    }

    @Test
    void readsListsFromCommaSeparatedText() {
        assertThat(ConfigValues.asList("a, b,c")).isEqualTo(List.of("a", "b", "c"));
        assertThat(ConfigValues.asList(List.of("x", 1))).isEqualTo(List.of("x", "1"));
    }

    @Test
    void rejectsAnIntegerOutOfRange() {
        assertThatThrownBy(() -> ConfigValues.asInt(5_000_000_000L))
                .hasMessage("expected an integer, got 5000000000 (out of range)");
    }

    @Test
    void suggestsTheNearestName() {
        assertThat(Suggestions.nearest("LOCL", List.of("LOCAL", "MULTI"))).contains("LOCAL");
        assertThat(Suggestions.nearest("tiemout", List.of("timeout", "threads"))).contains("timeout");
        assertThat(Suggestions.nearest("banana", List.of("LOCAL", "MULTI"))).isEmpty();
    }

    @Test
    void suggestsTheOnlyNameThatEndsWithWhatWasWritten() {
        List<String> known = List.of("tracking_uri", "tracking_username", "tracking_password", "tracking_token");
        assertThat(Suggestions.nearest("password", known)).contains("tracking_password");
        assertThat(Suggestions.nearest("TOKEN", known)).contains("tracking_token");
    }

    @Test
    void suggestsTheOnlyNameThatContainsWhatWasWritten() {
        assertThat(Suggestions.nearest("cache", List.of("cache_size", "threads"))).contains("cache_size");
    }

    @Test
    void suggestsNothingWhenSeveralNamesContainWhatWasWritten() {
        assertThat(Suggestions.nearest("uri", List.of("tracking_uri", "registry_uri"))).isEmpty();
    }

    @Test
    void suggestsNothingForAFragmentOfTwoLetters() {
        assertThat(Suggestions.nearest("ng", List.of("tracking_token", "threads"))).isEmpty();
    }
}
