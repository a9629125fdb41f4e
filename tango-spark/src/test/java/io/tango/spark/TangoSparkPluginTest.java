package io.tango.spark;

import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spark plugin's executor side closes this JVM's runtimes when the executor stops; it has no driver side. */
@ExtendWith(ClosesExecutorRuntimes.class)
class TangoSparkPluginTest {
    @TempDir
    Path folder;

    @Test
    void theExecutorsShutdownClosesTheRuntimesSoTheNextTaskLoadsTheModelAgain() {
        ScoringSpec spec = ScoringSpec.builder().configYaml(PickyPlugin.CONFIG).modelKey(PickyPlugin.KEY)
                .pluginDirectory(PickyPlugin.build(folder.resolve("plugins")).toString()).build();
        LongAccumulator loads = new LongAccumulator();
        ExecutorRuntimes.model(spec, loads);
        ExecutorRuntimes.model(spec, loads);
        assertThat(loads.value()).isEqualTo(1);

        new TangoSparkPlugin().executorPlugin().shutdown();
        ExecutorRuntimes.model(spec, loads);

        assertThat(loads.value()).isEqualTo(2);
    }

    @Test
    void hasNoDriverSide() {
        assertThat(new TangoSparkPlugin().driverPlugin()).isNull();
    }
}
