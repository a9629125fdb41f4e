package io.tango.plugin.local.deploy;

import io.tango.api.InvalidRequestException;
import io.tango.plugin.local.batch.BatchingSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batching keys of a local deployment: parsed, validated with the fix in the message, and recorded. */
class DeploymentSettingsBatchingTest {
    private static DeploymentSettings parse(Map<String, String> config) {
        return DeploymentSettings.parse(config, DeploymentSettings.defaults());
    }

    @Test
    void batchingIsOffByDefaultAndLeftOutOfTheRecord() {
        DeploymentSettings settings = parse(Map.of());

        assertThat(settings.batching()).isEqualTo(BatchingSettings.OFF);
        assertThat(settings.toConfig()).isEqualTo(Map.of("serve", "false", "port", "0"));
    }

    @Test
    void parsesTheThreeKeysAndRoundTripsThemThroughTheRecord() {
        DeploymentSettings settings = parse(Map.of("max_batch_size", " 32 ", "max_batch_delay", "500",
                "preferred_batch_sizes", "16, 8,32"));

        assertThat(settings.batching()).isEqualTo(new BatchingSettings(32, 500, List.of(8, 16, 32)));
        assertThat(settings.toConfig()).containsEntry("max_batch_size", "32").containsEntry("max_batch_delay", "500")
                .containsEntry("preferred_batch_sizes", "8,16,32");
        assertThat(parse(settings.toConfig())).isEqualTo(settings);
    }

    @Test
    void anUpdateChangesOnlyTheKeysItGives() {
        DeploymentSettings current = parse(Map.of("max_batch_size", "32", "max_batch_delay", "500"));

        DeploymentSettings updated = DeploymentSettings.parse(Map.of("max_batch_delay", "0"), current);

        assertThat(updated.batching()).isEqualTo(new BatchingSettings(32, 0, List.of()));
    }

    @Test
    void aMaxBatchSizeBelowOneOrNotANumberIsRefusedWithTheFix() {
        String message = "config 'max_batch_size' is '%s'; expected a whole number of rows of at least 1 (1 turns batching"
                + " off), e.g. 32";
        for (String value : List.of("0", "-4", "many", "2.5")) {
            assertThatThrownBy(() -> parse(Map.of("max_batch_size", value))).isInstanceOf(InvalidRequestException.class)
                    .hasMessage(message.formatted(value));
        }
    }

    @Test
    void aNegativeOrNonNumericDelayIsRefusedWithTheFix() {
        assertThatThrownBy(() -> parse(Map.of("max_batch_delay", "-1"))).isInstanceOf(InvalidRequestException.class)
                .hasMessage("config 'max_batch_delay' is '-1'; expected microseconds, a whole number from 0 (join only what"
                        + " is already queued) to 2147483647, e.g. 500");
        assertThatThrownBy(() -> parse(Map.of("max_batch_delay", "2ms"))).isInstanceOf(InvalidRequestException.class)
                .hasMessage("config 'max_batch_delay' is '2ms'; expected microseconds, a whole number from 0 (join only what"
                        + " is already queued) to 2147483647, e.g. 500");
    }

    @Test
    void aPreferredSizeAboveTheMaximumOrNotANumberIsRefusedWithTheFix() {
        assertThatThrownBy(() -> parse(Map.of("max_batch_size", "8", "preferred_batch_sizes", "4,16")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("config 'preferred_batch_sizes' has 16, larger than max_batch_size 8; give sizes from 1 to 8 or"
                        + " raise max_batch_size");
        assertThatThrownBy(() -> parse(Map.of("max_batch_size", "8", "preferred_batch_sizes", "4,,8")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("config 'preferred_batch_sizes' is '4,,8'; expected a comma-separated list of whole numbers of"
                        + " rows from 1 to max_batch_size, e.g. 4,8");
    }

    @Test
    void everyBatchingProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> parse(Map.of("max_batch_size", "0", "max_batch_delay", "soon", "preferred_batch_sizes", "2")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("config 'max_batch_size' is '0'; expected a whole number of rows of at least 1 (1 turns batching"
                        + " off), e.g. 32; config 'max_batch_delay' is 'soon'; expected microseconds, a whole number from 0"
                        + " (join only what is already queued) to 2147483647, e.g. 500; config 'preferred_batch_sizes' has 2,"
                        + " larger than max_batch_size 1; give sizes from 1 to 1 or raise max_batch_size");
    }
}
