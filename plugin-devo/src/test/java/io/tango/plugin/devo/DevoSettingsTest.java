package io.tango.plugin.devo;

import java.util.Map;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigProblem;
import io.tango.runtime.config.MapTangoConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connection settings: one of url + token or profile, checked with the offending key's path. */
class DevoSettingsTest {
    private static final String PATH = "model_management.registries.devo.config";

    private static DevoSettings settings(Map<String, Object> values, boolean required) {
        return DevoSettings.from(MapTangoConfig.of(PATH, values, java.util.Set.of("token")), required);
    }

    private static void assertProblem(Map<String, Object> values, boolean required, String path, String message) {
        assertThatThrownBy(() -> settings(values, required))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(error -> assertThat(((InvalidConfigException) error).problems())
                        .containsExactly(new ConfigProblem(path, message)));
    }

    @Test
    void requiresAConnectionWhereOneIsNeeded() {
        assertProblem(Map.of(), true, PATH, "set url and token, or profile (a profile of a modelmanager.ini file)");
    }

    @Test
    void acceptsNoConnectionForAFinderOfProfiles() {
        assertThat(settings(Map.of(), false).hasConnection()).isFalse();
    }

    @Test
    void refusesAProfileTogetherWithAUrl() {
        assertProblem(Map.of("profile", "dev", "url", "https://h.example.com", "token", "t"), true,
                PATH + ".profile", "give either a profile or url and token, not both");
    }

    @Test
    void requiresATokenWithAUrl() {
        assertProblem(Map.of("url", "https://h.example.com"), true, PATH + ".token", "url is set, so a token is required");
    }

    @Test
    void requiresAUrlWithAToken() {
        assertProblem(Map.of("token", "t"), true, PATH + ".url", "token is set, so a url is required");
    }

    @Test
    void rejectsAnInvalidUrl() {
        assertProblem(Map.of("url", "ftp:/x", "token", "t"), true, PATH + ".url", "Invalid url: 'ftp:/x'");
    }

    @Test
    void retriesThreeTimesAndCapsDownloadsAt512MibByDefault() {
        DevoSettings settings = settings(Map.of("url", "https://h.example.com", "token", "t"), true);
        assertThat(settings.maxRetries()).isEqualTo(3);
        assertThat(settings.maxDownloadSize()).isEqualTo(512L << 20);
    }

    @Test
    void rejectsNegativeRetriesAndAnEmptyDownloadCap() {
        assertThatThrownBy(() -> settings(Map.of("url", "https://h.example.com", "token", "t", "max_retries", -1,
                "max_download_size", "0B"), true))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(error -> assertThat(((InvalidConfigException) error).problems()).containsExactly(
                        new ConfigProblem(PATH + ".max_retries", "-1 is below the minimum 0"),
                        new ConfigProblem(PATH + ".max_download_size", "0B is below the minimum 1B")));
    }

    @Test
    void neverShowsAPasswordWrittenIntoTheUrl() {
        assertThat(settings(Map.of("url", "https://me:pa55@h.example.com/mm", "token", "t"), true).toString())
                .contains("url=https://h.example.com/mm").doesNotContain("pa55");
        assertProblem(Map.of("url", "ftp://me:pa55@h.example.com", "token", "t"), true, PATH + ".url",
                "Invalid url: 'ftp://h.example.com'");
    }

    @Test
    void neverShowsTheToken() {
        assertThat(settings(Map.of("url", "https://h.example.com", "token", "secret-value"), true).toString())
                .doesNotContain("secret-value");
    }
}
