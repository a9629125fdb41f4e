package io.tango.cli.command;

import io.tango.api.LoadedModel;
import io.tango.api.ModelKey;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.cli.Json;
import io.tango.cli.RequestParser;
import io.tango.cli.VerbatimHelp;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code tango models predict KEY}: loads a model and predicts from a JSON request. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Loads a model and predicts from a JSON request given inline (--input), in a file (-I) or on standard "
                        + "input, and prints the outputs as JSON.",
                "",
                "Exit code 4 when the request does not match the model."})
@VerbatimHelp({
                "",
                RequestOptions.FORMATS,
                RequestOptions.FORMAT_NAMED,
                RequestOptions.FORMAT_SPLIT,
                RequestOptions.FORMAT_RECORDS,
                RequestOptions.FORMAT_TENSORS,
                RequestOptions.FORMAT_PARAMS,
                "",
                "Examples:",
                "  tango models predict iris --input '{\"sepal_length\": [5.1], \"sepal_width\": [3.5], \"petal_length\": [1.4], \"petal_width\": [0.2]}'",
                "  tango models predict iris -I request.json -O predictions.json",
                "  echo '[{\"x\": 1.0}, {\"x\": 2.0}]' | tango models predict linear"})
public final class ModelPredictCommand extends TangoSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KEY", description = "The model key, e.g. iris, iris/3, models:/iris@champion.")
    String key;

    @Option(names = "--finder", paramLabel = "NAME", defaultValue = TangoRuntime.DEFAULT,
            description = "The finder instance to ask (default: ${DEFAULT-VALUE}).")
    String finder;

    @Option(names = "--initializer", paramLabel = "NAME", defaultValue = TangoRuntime.DEFAULT,
            description = "The initializer instance that makes it runnable (default: ${DEFAULT-VALUE}).")
    String initializer;

    @Mixin
    RequestOptions request;

    @Override
    public Integer call() {
        TangoRequest parsed = request.read(context().in(), this::usage);
        try (TangoRuntime runtime = openRuntime()) {
            LoadedModel model = runtime.modelManager().load(ModelKey.of(key), finder, initializer);
            TangoRequest bound = RequestParser.bindUnnamed(parsed, model.descriptor().signature());
            TangoResponse response = runtime.instanceNames(ComponentKind.JOB_PREDICTOR).contains(TangoRuntime.DEFAULT)
                    ? runtime.jobPredictor(TangoRuntime.DEFAULT).predict(model, bound, WorkingSession.none())
                    : model.predict(bound);
            request.write(Json.outputs(response), out()).ifPresent(file -> err().println("Wrote the predictions to " + file));
            return 0;
        }
    }
}
