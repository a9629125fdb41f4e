package io.tango.cli.command;

import io.tango.api.LoadedModel;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.job.JobInfo;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.cli.Json;
import io.tango.runtime.TangoRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code tango quickstart}: the whole model lifecycle on the embedded default, driven only through the runtime's
 * model manager and deployment client, plus an HTTP call with the JDK's client: train on a small bundled data set,
 * store, find, load, predict, deploy, serve over HTTP, call it with an MLflow scoring request, stop the server.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Runs the whole model lifecycle on the embedded default (plugin-local) and shows each step: trains a "
                        + "classifier on the bundled Iris data set (progress shown), stores it, finds and loads it, predicts "
                        + "sample rows, deploys it on target 'local', serves it over HTTP, calls it with an MLflow scoring "
                        + "request, shows the predictions and a summary, and stops the server.",
                "",
                "The model and the (stopped) deployment stay, so 'tango models predict' and 'tango serve' can use "
                        + "them afterwards."})
public final class QuickstartCommand extends TangoSubcommand implements Callable<Integer> {
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    @Option(names = "--data", paramLabel = "FILE",
            description = "The CSV data set to train on (header line; the target column last). Default: the "
                    + "distribution's examples/iris.csv.")
    Path data;

    @Option(names = "--target-column", paramLabel = "COLUMN", defaultValue = "species",
            description = "The column to predict (default: ${DEFAULT-VALUE}).")
    String targetColumn;

    @Option(names = "--model-name", paramLabel = "NAME", defaultValue = "quickstart-iris",
            description = "The name to store the model and its deployment under (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "40",
            description = "Training passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--deployment-target", paramLabel = "TARGET", defaultValue = "local",
            description = "The deployment target that serves the model (default: ${DEFAULT-VALUE}).")
    String deploymentTarget;

    @Override
    public Integer call() throws Exception {
        Path dataset = dataset();
        Csv csv = Csv.read(dataset, targetColumn);
        PrintWriter out = out();
        List<String[]> summary = new ArrayList<>();
        long started = System.nanoTime();

        heading(out, "TANGO quick start: the model lifecycle on the embedded default");
        out.println("Data set: " + dataset + " (" + csv.rows().size() + " rows; features " + String.join(", ", csv.features())
                + "; target " + targetColumn + ")");
        summary.add(new String[] {"data set", dataset.getFileName() + ": " + csv.rows().size() + " rows, "
                + csv.features().size() + " features, target " + targetColumn});

        try (TangoRuntime runtime = openRuntime()) {
            step(out, 1, "Train a classifier (trainer 'default')");
            Map<String, Object> arguments = new LinkedHashMap<>();
            arguments.put("data", dataset.toAbsolutePath().toString());
            arguments.put("target", targetColumn);
            arguments.put("epochs", epochs);
            out.println("  arguments: " + arguments);
            TrainingFuture training = runtime.modelManager().train(TrainingRequest.of(modelName, arguments));
            out.println("  job: " + training.id());
            JobInfo info = new JobProgress(out, context().interactive(), "  training " + modelName)
                    .follow(training, Duration.ofMinutes(10));
            ModelDescriptor trained = training.result(Duration.ofSeconds(1));
            Duration trainingTime = Duration.between(info.started().orElse(info.submitted()), info.completed().orElseThrow());
            out.println("  " + info.status() + " in " + Jobs.seconds(trainingTime));
            summary.add(new String[] {"training", "job " + training.id() + " " + info.status() + " in " + Jobs.seconds(trainingTime)});

            step(out, 2, "Store it");
            String key = trained.key().value();
            out.println("  stored as " + key + " (" + trained.format() + ")" + trained.artifactPath().map(path -> " at " + path).orElse(""));
            summary.add(new String[] {"stored", key + " (" + trained.format() + ")"});

            step(out, 3, "Find it (finder 'default')");
            ModelDescriptor found = runtime.modelManager().find(ModelKey.of(key), TangoRuntime.DEFAULT);
            out.println("  " + found.name() + found.version().map(version -> " version " + version).orElse("") + ", format "
                    + found.format() + ", origin " + found.origin());
            out.println("  inputs:  " + String.join(", ", found.signature().inputs().stream().map(Object::toString).toList()));
            out.println("  outputs: " + String.join(", ", found.signature().outputs().stream().map(Object::toString).toList()));
            found.metadata().forEach((name, value) -> out.println("  " + name + ": " + value));

            step(out, 4, "Load it (initializer 'default')");
            long loadStart = System.nanoTime();
            LoadedModel model = runtime.modelManager().load(ModelKey.of(key), TangoRuntime.DEFAULT, TangoRuntime.DEFAULT);
            long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
            out.println("  ready in " + loadMillis + " ms");
            summary.add(new String[] {"found, loaded", "finder default, initializer default, " + loadMillis + " ms"});

            step(out, 5, "Predict sample rows in-process");
            List<Map<String, Object>> samples = csv.samples();
            TangoRequest request = TangoRequest.of(columns(samples, csv.features()));
            TangoResponse response = model.predict(request);
            String outputName = response.outputs().containsKey("label") ? "label" : response.outputs().keySet().iterator().next();
            List<Object> inProcess = perRow(Json.outputs(response).get(outputName), samples.size());
            printPredictions(out, samples, csv, inProcess, outputName);
            long correct = countCorrect(samples, inProcess);
            summary.add(new String[] {"predicted", samples.size() + " rows in-process, " + correct + "/" + samples.size() + " correct"});

            step(out, 6, "Deploy it on target '" + deploymentTarget + "' and serve it over HTTP");
            DeploymentClient deployments = runtime.deploymentClient(deploymentTarget);
            deployments.deleteDeployment(modelName, Map.of());
            Deployment deployment = deployments.createDeployment(modelName, key, Optional.empty(), Map.of("serve", "true"));
            URI url = deployment.url().orElseThrow(() -> new IllegalStateException(
                    "target '" + deploymentTarget + "' created deployment " + modelName + " without a URL: it does not serve over HTTP"));
            out.println("  deployment " + deployment.name() + " is " + deployment.state() + " at " + url);
            summary.add(new String[] {"deployed", "target " + deploymentTarget + ", deployment " + deployment.name() + ", " + url});

            step(out, 7, "Call it with an MLflow scoring request");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("columns", csv.features());
            split.put("data", samples.stream().map(row -> csv.features().stream().map(row::get).toList()).toList());
            String body = Json.writeCompact(Map.of("dataframe_split", split));
            URI invocations = url.resolve("/invocations");
            out.println("  POST " + invocations);
            out.println(indent(body, "    "));
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(invocations)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println("  HTTP " + answer.statusCode());
            out.println(indent(answer.body().strip(), "    "));
            if (answer.statusCode() != 200) {
                throw new RemoteServiceException("deployment " + modelName + " at " + url, answer.statusCode(), null, false, answer.body());
            }
            List<Object> overHttp = httpPredictions(answer.body(), outputName, samples.size());
            boolean same = sameLabels(inProcess, overHttp);
            out.println("  " + (same ? "Same predictions as in-process." : "DIFFERENT predictions from in-process: " + overHttp));
            summary.add(new String[] {"HTTP call", "POST /invocations (dataframe_split): " + answer.statusCode() + ", "
                    + overHttp.size() + " predictions, " + (same ? "same as in-process" : "DIFFERENT from in-process")});

            step(out, 8, "Stop the server");
            deployments.updateDeployment(modelName, Optional.empty(), Optional.empty(), Map.of("serve", "false"));
            boolean stopped = refusesConnections(http, url.resolve("/ping"));
            out.println("  " + (stopped ? "stopped: " + url + " no longer answers" : "WARNING: " + url + " still answers"));
            summary.add(new String[] {"server", stopped ? "stopped (deployment kept, not served)" : "STILL ANSWERING"});

            heading(out, "Summary (" + Jobs.seconds(Duration.ofNanos(System.nanoTime() - started)) + ")");
            Table table = new Table("STEP", "RESULT");
            summary.forEach(table::row);
            table.print(out);
            out.println();
            String tango = context().home().map(home -> home.resolve("bin").resolve("tango").toString()).orElse("tango");
            out.println("Next:");
            out.println("  " + tango + " models predict " + modelName + " --input '"
                    + Json.writeCompact(columns(samples.subList(0, 1), csv.features())) + "'");
            out.println("  " + tango + " serve --name " + modelName + " --port 5001");
            out.println("  " + tango + " deployments list -t " + deploymentTarget);
            out.flush();
            if (!same || !stopped) {
                return 1;
            }
            return 0;
        }
    }

    private Path dataset() {
        if (data != null) {
            return data;
        }
        return context().home().map(home -> home.resolve("examples").resolve("iris.csv"))
                .filter(Files::isRegularFile)
                .orElseThrow(() -> usage("no bundled data set: run the quick start from the distribution (bin/tango) or give --data FILE"));
    }

    private static Map<String, Object> columns(List<Map<String, Object>> rows, List<String> features) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (String feature : features) {
            columns.put(feature, rows.stream().map(row -> row.get(feature)).toList());
        }
        return columns;
    }

    private static List<Object> perRow(Object values, int rows) {
        if (values instanceof List<?> list && list.size() == rows) {
            return new ArrayList<>(list);
        }
        throw new IllegalStateException("expected one prediction per row (" + rows + "), got " + values);
    }

    private static List<Object> httpPredictions(String body, String outputName, int rows) throws IOException {
        Object predictions = Json.mapper().readValue(body, JSON_OBJECT).get("predictions");
        if (predictions instanceof Map<?, ?> byOutput) {
            predictions = byOutput.get(outputName);
        }
        List<Object> result = new ArrayList<>();
        for (Object row : perRow(predictions, rows)) {
            result.add(row instanceof Map<?, ?> record ? record.get(outputName) : row);
        }
        return result;
    }

    private static boolean sameLabels(List<Object> left, List<Object> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!String.valueOf(left.get(i)).equals(String.valueOf(right.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private long countCorrect(List<Map<String, Object>> samples, List<Object> predictions) {
        long correct = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (String.valueOf(samples.get(i).get(targetColumn)).equals(String.valueOf(predictions.get(i)))) {
                correct++;
            }
        }
        return correct;
    }

    private void printPredictions(PrintWriter out, List<Map<String, Object>> samples, Csv csv, List<Object> predictions, String outputName) {
        List<String> headers = new ArrayList<>(csv.features());
        headers.add(targetColumn);
        headers.add("predicted " + outputName);
        Table table = new Table(headers.toArray(String[]::new));
        for (int i = 0; i < samples.size(); i++) {
            List<String> cells = new ArrayList<>();
            for (String feature : csv.features()) {
                cells.add(String.valueOf(samples.get(i).get(feature)));
            }
            cells.add(String.valueOf(samples.get(i).get(targetColumn)));
            cells.add(String.valueOf(predictions.get(i)));
            table.row(cells.toArray(String[]::new));
        }
        table.print(out);
    }

    private static boolean refusesConnections(HttpClient http, URI ping) throws InterruptedException {
        try {
            http.send(HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return e.getCause() instanceof ConnectException;
        }
    }

    private static void heading(PrintWriter out, String text) {
        out.println();
        out.println(text);
        out.println("=".repeat(text.length()));
    }

    private static void step(PrintWriter out, int number, String text) {
        out.println();
        out.println(number + ". " + text);
        out.flush();
    }

    private static String indent(String text, String prefix) {
        return text.lines().map(line -> prefix + line).reduce((a, b) -> a + System.lineSeparator() + b).orElse(prefix);
    }

    /**
     * A small CSV data set: a header line and rows of numbers, the target column text.
     *
     * @param features the feature columns, in order
     * @param rows the rows, numbers parsed
     * @param target the target column
     */
    record Csv(List<String> features, List<Map<String, Object>> rows, String target) {
        static Csv read(Path file, String target) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read data set " + file + ": " + e.getMessage(), e);
            }
            if (lines.size() < 2) {
                throw new IllegalArgumentException("data set " + file + " needs a header line and at least one row");
            }
            List<String> header = List.of(lines.get(0).split(",", -1)).stream().map(String::strip).toList();
            if (!header.contains(target)) {
                throw new IllegalArgumentException("data set " + file + " has no column '" + target + "'; columns: " + header);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < cells.length; i++) {
                    String cell = cells[i].strip();
                    row.put(header.get(i), header.get(i).equals(target) ? cell : number(cell));
                }
                rows.add(row);
            }
            return new Csv(header.stream().filter(column -> !column.equals(target)).toList(), rows, target);
        }

        private static Object number(String cell) {
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return cell;
            }
        }

        /** @return the first row of each target value, in order of appearance (at most 5) */
        List<Map<String, Object>> samples() {
            Set<Object> seen = new LinkedHashSet<>();
            List<Map<String, Object>> samples = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                if (seen.add(row.get(target)) && samples.size() < 5) {
                    samples.add(row);
                }
            }
            return samples;
        }
    }
}
