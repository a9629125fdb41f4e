package io.tango.bench.jmh;

import io.tango.bench.BenchPlugins;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.PluginReport;
import io.tango.runtime.plugin.ProviderStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time to build (and close) a runtime whose plugin directory holds 1, 10 or 100 plugin jars (see
 * {@link BenchPlugins}), in a warm JVM, with the host's class path scanned as usual (plugin-local is on it). Every
 * build opens each jar, makes its class loader, runs {@link java.util.ServiceLoader} for every kind and validates an
 * empty configuration; closing releases the class loaders.
 *
 * <p>Target: linear in the number of plugins, ≤ 5 ms per plugin, ≤ 1 s at 100.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RuntimeBootBenchmark {

    /** A plugin directory of {@link #plugins} jars. */
    @State(Scope.Benchmark)
    public static class Plugins {
        @Param({"1", "10", "100"})
        public int plugins;

        Path directory;

        @Setup(Level.Trial)
        public void setUp() {
            directory = BenchPlugins.directory(BenchPlugins.workFolder(), plugins);
            PluginReport report = boot(this);
            long loaded = report.providers().stream()
                    .filter(provider -> provider.status() == ProviderStatus.LOADED && provider.type().orElse("").startsWith("BENCH_"))
                    .count();
            if (report.plugins().size() != plugins || loaded != 2L * plugins || !report.problems().isEmpty()) {
                throw new IllegalStateException("expected " + plugins + " plugins with 2 providers each, got "
                        + report.plugins().size() + " plugins, " + loaded + " providers, problems " + report.problems());
            }
        }
    }

    /** Builds the runtime over the plugin directory, then closes it. */
    @Benchmark
    public PluginReport buildAndClose(Plugins plugins) {
        return boot(plugins);
    }

    static PluginReport boot(Plugins plugins) {
        try (TangoRuntime runtime = TangoRuntime.builder()
                .pluginDirectory(plugins.directory)
                .environment(Map.of())
                .build()) {
            return runtime.pluginReport();
        }
    }
}
