package io.tango.spark;

import io.tango.api.InvalidConfigException;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** An executor's runtime keeps the error of its first attempt: task retries on the executor fail at once with it. */
class SharedRuntimeTest {
    private static final String CONFIG = """
            model_management:
              finders:
                default: {type: NO_SUCH_TYPE}
            """;

    private final ScoringSpec spec = ScoringSpec.builder().configYaml(CONFIG).modelKey("iris").build();

    @Test
    void aRuntimeThatCannotBeBuiltFailsEveryCallWithTheFirstError() {
        LongAccumulator loads = new LongAccumulator();
        try (SharedRuntime runtime = new SharedRuntime(CONFIG, null, RuntimeKey.of(CONFIG, null))) {
            Throwable first = catchThrowable(() -> runtime.model(spec, loads));
            Throwable second = catchThrowable(() -> runtime.model(spec, loads));

            assertThat(first).isInstanceOf(InvalidConfigException.class);
            assertThat(second).isSameAs(first);
            assertThat(loads.value()).isZero();
        }
    }

    @Test
    void aClosedRuntimeLoadsNothing() {
        SharedRuntime runtime = new SharedRuntime(CONFIG, null, RuntimeKey.of(CONFIG, null));
        runtime.close();

        assertThat(catchThrowable(() -> runtime.model(spec, new LongAccumulator())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the executor runtimes were closed (the executor is stopping)");
    }

    @Test
    void theKeyNamesTheConfigByItsDigestNeverByItsText() {
        RuntimeKey key = RuntimeKey.of("token: s3cr3t", null);

        assertThat(key.toString()).doesNotContain("s3cr3t").isEqualTo("config " + key.configSha256().substring(0, 12) + ", class path");
        assertThat(RuntimeKey.of("token: s3cr3t", null)).isEqualTo(key);
        assertThat(RuntimeKey.of("token: other", null)).isNotEqualTo(key);
    }
}
