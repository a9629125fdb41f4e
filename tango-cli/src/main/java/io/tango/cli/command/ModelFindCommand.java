package io.tango.cli.command;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.cli.Json;
import io.tango.runtime.TangoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code tango models find KEY}: resolves a key through a finder and shows the descriptor. */
@Command(
        name = "find",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Resolves a model key through a finder and shows its descriptor: name, version, format, artifact or "
                        + "endpoint, signature, metadata.",
                "",
                "Exit code 3 when no model answers to the key."})
public final class ModelFindCommand extends TangoSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KEY", description = "The model key, e.g. iris, iris/3, models:/iris@champion.")
    String key;

    @Option(names = "--finder", paramLabel = "NAME", defaultValue = TangoRuntime.DEFAULT,
            description = "The finder instance to ask (default: ${DEFAULT-VALUE}).")
    String finder;

    @Mixin
    OutputFormatOption format;

    @Override
    public Integer call() {
        try (TangoRuntime runtime = openRuntime()) {
            ModelDescriptor descriptor = runtime.modelManager().find(ModelKey.of(key), finder);
            if (format.json()) {
                out().println(Json.write(Json.descriptor(descriptor)));
            } else {
                Descriptors.print(descriptor, out());
            }
            return 0;
        }
    }
}
