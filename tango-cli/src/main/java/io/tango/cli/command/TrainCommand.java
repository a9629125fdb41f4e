package io.tango.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tango.api.ModelDescriptor;
import io.tango.api.OperationTimeoutException;
import io.tango.api.job.JobInfo;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.cli.Json;
import io.tango.cli.VerbatimHelp;
import io.tango.runtime.TangoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tango train NAME -a key=value…}: starts a training and follows it to the end, or detaches. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Starts a training through a trainer and follows it: a progress bar on a terminal, a line per status "
                        + "change or tenth done otherwise (on standard error).",
                "",
                "When it completes, prints the trained model.",
                "",
                "With --detach, prints the job id at once and returns. The job goes on only where the trainer runs it "
                        + "outside this process (a remote server); the embedded LOCAL trainer runs it inside tango, so it stops "
                        + "when tango exits and is recorded ERRORED 'interrupted by shutdown'."},
        footer = {
                "",
                "Arguments are the trainer's own. The embedded LOCAL trainer (engine tribuo) takes:",
                "  data=FILE (a CSV with a header line) or rows=[{...}, ...], target=COLUMN, features=[a,b] (default: all",
                "  but the target), task=classification|regression, epochs=N, learning_rate=X, seed=N, minibatch_size=N,",
                "  engine=NAME, version=V."})
@VerbatimHelp({"", "Example:", "  tango train iris -a data=examples/iris.csv -a target=species -a epochs=30"})
public final class TrainCommand extends TangoSubcommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_NAME", description = "The name to save the trained model under.")
    String modelName;

    @Option(names = {"-a", "--arg"}, paramLabel = "KEY=VALUE",
            description = "A training argument; repeatable, each key once. The value is read as JSON when it is JSON "
                    + "(30, 0.5, true, [\"a\",\"b\"]), else as text.")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--arguments", paramLabel = "JSON", description = "Training arguments as one JSON object (merged with -a).")
    String argumentsJson;

    @Option(names = "--trainer", paramLabel = "NAME", defaultValue = TangoRuntime.DEFAULT,
            description = "The trainer instance (default: ${DEFAULT-VALUE}).")
    String trainer;

    @Option(names = "--id", paramLabel = "ID", description = "An id of your own for the job instead of a random one.")
    String externalId;

    @Option(names = "--detach", description = "Print the job id and return without waiting.")
    boolean detach;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the training at most (e.g. 90s, 10m); it goes on if the time runs out. "
                    + "Default: until it ends.")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> typed = new LinkedHashMap<>();
        if (argumentsJson != null) {
            typed.putAll(parseObject(argumentsJson));
        }
        Map<String, Object> pairs = KeyValues.typed(KeyValues.parse("-a", arguments, this::usage));
        for (String key : pairs.keySet()) {
            if (typed.containsKey(key)) {
                throw usage("training argument '" + key + "' is given both in --arguments and with -a");
            }
        }
        typed.putAll(pairs);
        TrainingRequest request = new TrainingRequest(modelName, typed, Optional.ofNullable(externalId));
        try (TangoRuntime runtime = openRuntime()) {
            TrainingFuture future = runtime.modelManager().train(trainer, request);
            if (detach) {
                out().println(future.id());
                return 0;
            }
            err().println("Training " + modelName + " with trainer '" + trainer + "' as job " + future.id());
            JobInfo info = new JobProgress(err(), context().interactive(), "training " + modelName)
                    .follow(future, timeout == null ? Duration.ofDays(365) : timeout);
            if (!info.status().isTerminal()) {
                throw new OperationTimeoutException("training " + future.id() + " is still " + info.status() + " after "
                        + timeout + "; follow it with 'tango jobs wait " + future.id() + "'", timeout);
            }
            ModelDescriptor model = future.result();
            Duration took = Duration.between(info.started().orElse(info.submitted()), info.completed().orElseThrow());
            out().println("Trained " + model.name() + model.version().map(version -> " version " + version).orElse("")
                    + " (" + model.format() + ") in " + Jobs.seconds(took));
            out().println("  job:      " + future.id());
            out().println("  key:      " + model.key());
            model.artifactPath().ifPresent(path -> out().println("  artifact: " + path));
            return 0;
        }
    }

    private Map<String, Object> parseObject(String json) {
        try {
            Object value = Json.mapper().readValue(json, Object.class);
            if (!(value instanceof Map<?, ?> map)) {
                throw usage("--arguments must be a JSON object, e.g. {\"epochs\": 30}");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, element) -> result.put(String.valueOf(key), element));
            return result;
        } catch (JsonProcessingException e) {
            throw usage("--arguments is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }
}
