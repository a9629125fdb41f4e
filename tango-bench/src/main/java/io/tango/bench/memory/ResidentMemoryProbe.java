package io.tango.bench.memory;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.bench.BenchConfig;
import io.tango.bench.model.TinyOnnxModel;
import io.tango.runtime.TangoRuntime;
import io.tango.runtime.plugin.PluginInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host process that reports its resident memory ({@code VmRSS} of {@code /proc/self/status}) after garbage
 * collection, as one JSON line on standard output. {@code bench/run.sh} starts it as separate processes with the same
 * JVM flags, in three modes:
 * <ul>
 *   <li>{@code bare}: the host without TANGO (the same class path, nothing of TANGO touched);</li>
 *   <li>{@code runtime <plugin directory>}: an idle embedded runtime that discovered every plugin of the directory
 *       (each in its own class loader), with no component created;</li>
 *   <li>{@code model <plugin directory> <work folder>}: the same, plus plugin-local's finder and initializer and
 *       {@link TinyOnnxModel} loaded and run once (ONNX Runtime's native library in memory).</li>
 * </ul>
 */
public final class ResidentMemoryProbe {
    private static final Pattern RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB$", Pattern.MULTILINE);

    private ResidentMemoryProbe() {}

    /**
     * @param args {@code bare}, {@code runtime <plugins>} or {@code model <plugins> <work>}
     * @throws Exception if the runtime cannot be built
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ResidentMemoryProbe bare | runtime <plugin dir> | model <plugin dir> <work dir>");
        }
        String mode = args[0];
        TangoRuntime runtime = null;
        List<String> plugins = List.of();
        switch (mode) {
            case "bare" -> { }
            case "runtime", "model" -> {
                TangoRuntime.Builder builder = TangoRuntime.builder()
                        .pluginDirectory(Path.of(args[1]))
                        .scanClassPath(false)
                        .environment(Map.of());
                if (mode.equals("model")) {
                    builder.configYaml(BenchConfig.local(Path.of(args[2]).resolve("store")));
                }
                runtime = builder.build();
                if (!runtime.pluginReport().problems().isEmpty()) {
                    throw new IllegalStateException("plugin problems: " + runtime.pluginReport().problems());
                }
                plugins = runtime.pluginReport().plugins().stream().map(PluginInfo::name).toList();
                if (mode.equals("model")) {
                    Path file = TinyOnnxModel.write(Path.of(args[2]).resolve("tiny.onnx"));
                    LoadedModel model = runtime.modelManager().load(file.toString());
                    model.predict(TangoRequest.of(Map.of(TinyOnnxModel.INPUT, Tensor.ofFloats(TinyOnnxModel.row(), 1, 4))));
                }
            }
            default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
        }
        long rss = settledRssKib();
        System.out.println("{\"mode\": \"" + mode + "\", \"rss_kib\": " + rss
                + ", \"heap_used_kib\": " + heapUsedKib()
                + ", \"plugins\": [" + String.join(", ", plugins.stream().map(name -> "\"" + name + "\"").toList()) + "]}");
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Collects garbage until the heap stops shrinking (at most 5 times), then reads the resident set. */
    private static long settledRssKib() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = heapUsedKib();
            if (used >= previous) {
                break;
            }
            previous = used;
        }
        return rssKib();
    }

    private static long heapUsedKib() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    /** @return {@code VmRSS} of this process, in KiB */
    public static long rssKib() {
        try {
            Matcher matcher = RSS.matcher(Files.readString(Path.of("/proc/self/status")));
            if (!matcher.find()) {
                throw new IllegalStateException("/proc/self/status has no VmRSS line");
            }
            return Long.parseLong(matcher.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status (Linux only)", e);
        }
    }
}
