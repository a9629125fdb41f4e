package io.tango.cli.command;

import io.tango.api.LoadedModel;
import io.tango.api.ModelKey;
import io.tango.cli.Json;
import io.tango.runtime.TangoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tango models load KEY}: finds and initializes a model, proving it can run. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Finds a model and makes it runnable through an initializer, then shows what was loaded and how long "
                        + "it took.",
                "",
                "Exit code 3 when no model answers to the key; 1 when it cannot be loaded."})
public final class ModelLoadCommand extends TangoSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KEY", description = "The model key, e.g. iris, iris/3, models:/iris@champion.")
    String key;

    @Option(names = "--finder", paramLabel = "NAME", defaultValue = TangoRuntime.DEFAULT,
            description = "The finder instance to ask (default: ${DEFAULT-VALUE}).")
    String finder;

    @Option(names = "--initializer", paramLabel = "NAME", defaultValue = TangoRuntime.DEFAULT,
            description = "The initializer instance that makes it runnable (default: ${DEFAULT-VALUE}).")
    String initializer;

    @Mixin
    OutputFormatOption format;

    @Override
    public Integer call() {
        try (TangoRuntime runtime = openRuntime()) {
            long start = System.nanoTime();
            LoadedModel model = runtime.modelManager().load(ModelKey.of(key), finder, initializer);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (format.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("descriptor", Json.descriptor(model.descriptor()));
                json.put("model_class", model.getClass().getName());
                json.put("load_millis", millis);
                out().println(Json.write(json));
            } else {
                out().println("Loaded " + model.descriptor().name() + model.descriptor().version().map(v -> " version " + v).orElse("")
                        + " (" + model.descriptor().format() + ") in " + millis + " ms");
                Descriptors.print(model.descriptor(), out());
            }
            return 0;
        }
    }
}
