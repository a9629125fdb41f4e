package io.tango.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Turns the raw outputs of one {@code bench/run.sh} run (a work folder) into the results: one JSON file with every
 * number, and one Markdown file with the table {@code BENCHMARKS.md} shows.
 *
 * <p>The work folder holds, each optional (a missing one makes its rows "not measured", with the reason written in
 * {@code skipped.tsv}):
 * <ul>
 *   <li>{@code jmh-predict.json}, {@code jmh-jobs.json}, {@code jmh-boot.json}, {@code jmh-mlflow.json}: JMH's JSON;</li>
 *   <li>{@code wrk-tango-N.txt}, {@code wrk-mlflow-N.txt}: {@code wrk --latency} outputs;</li>
 *   <li>{@code wrk-<server>-c<connections>-N.txt} of the serve and peers phases ({@code serve-ceiling},
 *       {@code serve-mlflow}, {@code serve-oip}, {@code serve-batched}, {@code peer-triton}, {@code peer-kserve},
 *       {@code peer-mlserver}), {@code serve-batched.conf} (the batching config, {@code key=value} lines), and
 *       {@code grpc-tango-N.json}, {@code grpc-triton-N.json} ({@link io.tango.bench.grpc.GrpcLoadResult#json()});</li>
 *   <li>{@code caikit.json}: {@code bench/caikit_jobs.py}'s output;</li>
 *   <li>{@code coldstart.json}: hyperfine's {@code --export-json} of {@code tango plugins} then
 *       {@code mlflow deployments --help};</li>
 *   <li>{@code memory.jsonl}: {@link io.tango.bench.memory.ResidentMemoryProbe}'s lines;</li>
 *   <li>{@code spark.json} ({@link io.tango.bench.spark.SparkScoringMain}: sides {@code tango} and
 *       {@code onnxruntime}) and {@code spark-mlflow.json} ({@code bench/spark_udf.py}: side {@code mlflow}), read
 *       as {@link SparkRun}s;</li>
 *   <li>{@code loads.tsv}: {@code phase, load1, load5, load15, waited seconds, quiet} per phase;</li>
 *   <li>{@code machine.tsv}: {@code key, value} lines describing the machine;</li>
 *   <li>{@code skipped.tsv}: {@code phase, reason} for phases that did not run.</li>
 * </ul>
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double PREDICT_TARGET = 1.03;
    /** Bytes TANGO may allocate per in-process call beyond the direct call ({@code -prof gc}'s normalised rate). */
    private static final double PREDICT_BYTES_TARGET = 256;
    private static final String ALLOCATED = ":gc.alloc.rate.norm";
    private static final double HTTP_RATE_TARGET = 10;
    private static final double HTTP_P99_TARGET = 0.1;
    private static final double JOBS_RATIO_TARGET = 20;
    private static final double JOBS_ABSOLUTE_TARGET = 100_000;
    private static final double COLD_RATIO_TARGET = 0.1;
    private static final double COLD_ABSOLUTE_TARGET = 0.3;
    private static final double BOOT_PER_PLUGIN_TARGET = 5;
    private static final double BOOT_100_TARGET = 1000;
    private static final double MLFLOW_PREDICT_TARGET = 1.05;
    private static final double MEMORY_TARGET_MIB = 64;
    private static final double SPARK_DIRECT_TARGET = 0.9;
    private static final double SPARK_MLFLOW_TARGET = 5;
    private static final double CEILING_TARGET = 0.5;
    private static final double CEILING_P99_MS = 2;
    private static final double BATCHED_CEILING_TARGET = 0.7;
    private static final double BATCHING_GAIN_TARGET = 2;
    private static final double BATCHING_P50_SLACK_MS = 1;
    private static final double PEER_RATE_TARGET = 10;
    private static final double PEER_P99_TARGET = 0.1;
    private static final double GRPC_TARGET = 10;
    private static final List<String> PEERS = List.of("triton", "kserve", "mlserver");
    private static final Map<String, String> PEER_NAMES = Map.of(
            "triton", "Triton (PyTriton 0.7.0, dynamic batching on)", "kserve", "KServe `ModelServer`",
            "mlserver", "MLServer (scikit-learn twin)");

    private final Path work;
    private final Map<String, String> loads = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Map<String, String> machine = new LinkedHashMap<>();

    private BenchReport(Path work) {
        this.work = requireNonNull(work, "work is null");
        for (String[] line : tsv("loads.tsv")) {
            if (line.length >= 6) {
                loads.put(line[0], line[1] + (Boolean.parseBoolean(line[5]) ? "" : " (not quiet)"));
            }
        }
        for (String[] line : tsv("skipped.tsv")) {
            if (line.length >= 2) {
                skipped.put(line[0], line[1]);
            }
        }
        for (String[] line : tsv("machine.tsv")) {
            if (line.length >= 2) {
                machine.put(line[0], line[1]);
            }
        }
    }

    /**
     * @param args the work folder, the JSON file to write, the Markdown file to write, the command that ran
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: BenchReport <work folder> <results.json> <results.md> <command>");
        }
        BenchReport report = new BenchReport(Path.of(args[0]));
        List<Figure> figures = report.figures();
        Files.writeString(Path.of(args[1]), report.json(figures, args[3]), StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[2]), report.markdown(figures, args[3]), StandardCharsets.UTF_8);
        System.out.print(report.markdown(figures, args[3]));
    }

    /**
     * @param work a run's work folder
     * @return every figure of the run, in the order of the table
     */
    public static List<Figure> figures(Path work) {
        return new BenchReport(work).figures();
    }

    /**
     * @param work a run's work folder
     * @param command the command that ran
     * @return the Markdown results: the table, the loads and the machine
     */
    public static String markdown(Path work, String command) {
        BenchReport report = new BenchReport(work);
        return report.markdown(report.figures(), command);
    }

    private List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        figures.addAll(predict());
        figures.add(http());
        figures.add(jobs());
        figures.add(jobsBatching());
        figures.add(coldStart());
        figures.add(boot());
        figures.add(mlflowPredict());
        figures.add(spark("spark.onnxruntime", "onnxruntime", "spark.json",
                "hand-written `mapPartitions` calling ONNX Runtime, same batches", SPARK_DIRECT_TARGET, "spark"));
        figures.add(spark("spark.mlflow", "mlflow", "spark-mlflow.json",
                "`mlflow.pyfunc.spark_udf`, Arrow batches of the same size", SPARK_MLFLOW_TARGET, "spark-mlflow"));
        figures.addAll(memory());
        figures.addAll(serving());
        figures.addAll(peers());
        figures.add(grpc());
        return figures;
    }

    /** The serve phase: TANGO against the Netty hello-world ceiling, and dynamic batching on against off. */
    private List<Figure> serving() {
        List<Figure> figures = new ArrayList<>();
        String target = "≥ " + number(CEILING_TARGET) + "× req/s, p99 ≤ " + number(CEILING_P99_MS) + " ms";
        String ceiling = "Netty hello-world (1 event loop), same load";
        figures.add(versus("serve.mlflow.c16", "serving, linear model, one-row JSON request, wrk -t1 -c16, batching off:"
                        + " MLflow scoring protocol (`/invocations`)", "serve-mlflow-c16", "serve-ceiling-c16", ceiling,
                target, (rate, p99, tango) -> rate >= CEILING_TARGET && tango.p99 <= CEILING_P99_MS,
                "serve-ceiling", "serve-tango"));
        figures.add(versus("serve.oip.c16", "serving, linear model, one-row JSON request, wrk -t1 -c16, batching off:"
                        + " OIP REST (`/v2/models/linear/infer`)", "serve-oip-c16", "serve-ceiling-c16", ceiling,
                target, (rate, p99, tango) -> rate >= CEILING_TARGET && tango.p99 <= CEILING_P99_MS,
                "serve-ceiling", "serve-tango"));
        String batch = batchConfig();
        figures.add(versus("serve.batched.c64", "serving, linear model, OIP REST one-row JSON, wrk -t1 -c64, dynamic"
                        + " batching on (" + batch + ")", "serve-batched-c64", "serve-ceiling-c64", ceiling,
                "≥ " + number(BATCHED_CEILING_TARGET) + "× req/s", (rate, p99, tango) -> rate >= BATCHED_CEILING_TARGET,
                "serve-ceiling", "serve-batched"));
        double slack = batchDelayMillis() + BATCHING_P50_SLACK_MS;
        figures.add(versus("serve.batching.c64", "dynamic batching on (" + batch + ") vs off, OIP REST one-row JSON,"
                        + " wrk -t1 -c64", "serve-batched-c64", "serve-oip-c64", "TANGO, batching off",
                "≥ " + number(BATCHING_GAIN_TARGET) + "× req/s, p50 added ≤ the delay + " + number(BATCHING_P50_SLACK_MS)
                        + " ms (" + number(slack) + " ms)",
                (rate, p99, tango) -> rate >= BATCHING_GAIN_TARGET && tango.p50 - tango.baselineP50 <= slack,
                "serve-tango", "serve-batched"));
        return figures;
    }

    /** The peers phase: TANGO's OIP REST (batching off) against each OIP server, c16 and c64. */
    private List<Figure> peers() {
        List<Figure> figures = new ArrayList<>();
        String target = "≥ " + number(PEER_RATE_TARGET) + "× req/s, p99 ≤ " + PEER_P99_TARGET + "×";
        for (String peer : PEERS) {
            for (int connections : List.of(16, 64)) {
                String tangoPrefix = "serve-oip-c" + connections;
                figures.add(versus("peers." + peer + ".c" + connections, "OIP REST, linear model, one-row JSON, wrk -t1 -c"
                                + connections + ": TANGO (batching off) vs " + PEER_NAMES.get(peer),
                        tangoPrefix, "peer-" + peer + "-c" + connections, PEER_NAMES.get(peer), target,
                        (rate, p99, tango) -> rate >= PEER_RATE_TARGET && p99 <= PEER_P99_TARGET,
                        "peers-" + peer, loads.containsKey("serve-tango") ? "serve-tango" : "peers-tango"));
            }
        }
        return figures;
    }

    /** The grpc phase: GrpcLoadMain's infer/s against TANGO and against Triton. */
    private Figure grpc() {
        String id = "grpc.triton";
        String title = "OIP gRPC `ModelInfer`, linear model, one row in `raw_input_contents`, Java async load generator";
        String target = "≥ " + number(GRPC_TARGET) + "× infer/s";
        List<JsonNode> tango = jsonRuns("grpc-tango-");
        List<JsonNode> triton = jsonRuns("grpc-triton-");
        if (tango.isEmpty() || triton.isEmpty()) {
            return notMeasured(id, title, "Triton gRPC (PyTriton, dynamic batching on)", target, "grpc-tango", "grpc-triton");
        }
        int concurrency = tango.get(0).get("concurrency").asInt();
        Sample tangoRate = new Sample("infer/s", tango.stream().map(run -> run.get("infer_per_second").asDouble()).toList());
        Sample tritonRate = new Sample("infer/s", triton.stream().map(run -> run.get("infer_per_second").asDouble()).toList());
        Sample tangoP99 = new Sample("ms", tango.stream().map(run -> run.get("p99_ms").asDouble()).toList());
        Sample tritonP99 = new Sample("ms", triton.stream().map(run -> run.get("p99_ms").asDouble()).toList());
        double ratio = tangoRate.median() / tritonRate.median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("concurrency", concurrency);
        values.put("tango_infer_per_second", sample(tangoRate));
        values.put("triton_infer_per_second", sample(tritonRate));
        values.put("tango_p50_ms", sample(new Sample("ms", tango.stream().map(run -> run.get("p50_ms").asDouble()).toList())));
        values.put("tango_p99_ms", sample(tangoP99));
        values.put("triton_p50_ms", sample(new Sample("ms", triton.stream().map(run -> run.get("p50_ms").asDouble()).toList())));
        values.put("triton_p99_ms", sample(tritonP99));
        values.put("ratio", ratio);
        return new Figure(id, title + ", " + concurrency + " calls in flight", spread(tangoRate) + "; p99 " + spread(tangoP99),
                spread(tritonRate) + "; p99 " + spread(tritonP99) + " (Triton gRPC, PyTriton, dynamic batching on)",
                ratio(ratio) + " infer/s", target, ratio >= GRPC_TARGET ? Figure.Verdict.MET : Figure.Verdict.MISSED,
                load("grpc-tango") + " / " + load("grpc-triton"), values);
    }

    /** Latencies of the TANGO side of a wrk comparison, for targets on TANGO's own latency. */
    private record TangoLatency(double p50, double p99, double baselineP50) {}

    /** Whether a wrk comparison meets its target, given the ratios and TANGO's own latencies. */
    @FunctionalInterface
    private interface WrkTarget {
        boolean met(double rateRatio, double p99Ratio, TangoLatency tango);
    }

    /** TANGO's wrk runs ({@code wrk-<tangoPrefix>-N.txt}) against a baseline's, by the medians of every run. */
    private Figure versus(String id, String title, String tangoPrefix, String baselinePrefix, String baselineName,
            String target, WrkTarget goal, String baselinePhase, String tangoPhase) {
        List<WrkRun> tango = wrk("wrk-" + tangoPrefix + "-");
        List<WrkRun> baseline = wrk("wrk-" + baselinePrefix + "-");
        if (tango.isEmpty() || baseline.isEmpty()) {
            return notMeasured(id, title, baselineName, target, baselinePhase, tangoPhase);
        }
        Sample tangoRate = new Sample("req/s", tango.stream().map(WrkRun::requestsPerSecond).toList());
        Sample baselineRate = new Sample("req/s", baseline.stream().map(WrkRun::requestsPerSecond).toList());
        Sample tangoP50 = new Sample("ms", tango.stream().map(WrkRun::p50Millis).toList());
        Sample baselineP50 = new Sample("ms", baseline.stream().map(WrkRun::p50Millis).toList());
        Sample tangoP99 = new Sample("ms", tango.stream().map(WrkRun::p99Millis).toList());
        Sample baselineP99 = new Sample("ms", baseline.stream().map(WrkRun::p99Millis).toList());
        long errors = Stream.concat(tango.stream(), baseline.stream()).mapToLong(WrkRun::errors).sum();
        double rateRatio = tangoRate.median() / baselineRate.median();
        double p99Ratio = tangoP99.median() / baselineP99.median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tango_requests_per_second", sample(tangoRate));
        values.put("baseline_requests_per_second", sample(baselineRate));
        values.put("tango_p50_ms", sample(tangoP50));
        values.put("baseline_p50_ms", sample(baselineP50));
        values.put("tango_p99_ms", sample(tangoP99));
        values.put("baseline_p99_ms", sample(baselineP99));
        values.put("errors", errors);
        values.put("rate_ratio", rateRatio);
        values.put("p99_ratio", p99Ratio);
        boolean met = errors == 0
                && goal.met(rateRatio, p99Ratio, new TangoLatency(tangoP50.median(), tangoP99.median(), baselineP50.median()));
        return new Figure(id, title,
                spread(tangoRate) + "; p50 " + spread(tangoP50) + "; p99 " + spread(tangoP99),
                spread(baselineRate) + "; p50 " + spread(baselineP50) + "; p99 " + spread(baselineP99) + " (" + baselineName + ")",
                ratio(rateRatio) + " req/s; " + ratio(p99Ratio) + " p99" + (errors == 0 ? "" : "; " + errors + " errors"),
                target, met ? Figure.Verdict.MET : Figure.Verdict.MISSED, load(baselinePhase) + " / " + load(tangoPhase), values);
    }

    /** The batching settings the serve phase used ({@code serve-batched.conf}: {@code key=value} per line). */
    private String batchConfig() {
        Path file = work.resolve("serve-batched.conf");
        return Files.isRegularFile(file)
                ? String.join(", ", lines(file).stream().filter(line -> !line.isBlank()).toList())
                : "settings not recorded";
    }

    /** {@code max_batch_delay} of the serve phase, in milliseconds (it is given in microseconds); 0 when unknown. */
    private double batchDelayMillis() {
        Path file = work.resolve("serve-batched.conf");
        if (Files.isRegularFile(file)) {
            for (String line : lines(file)) {
                if (line.strip().startsWith("max_batch_delay=")) {
                    return Double.parseDouble(line.strip().substring("max_batch_delay=".length())) / 1000;
                }
            }
        }
        return 0;
    }

    private List<JsonNode> jsonRuns(String prefix) {
        List<JsonNode> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                runs.add(readJson(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + work, e);
        }
        return runs;
    }

    private List<Figure> predict() {
        String title = "in-process predict, tiny ONNX model, 1 row: ";
        String target = "≤ " + PREDICT_TARGET + "× and ≤ +" + number(PREDICT_BYTES_TARGET) + " B/op";
        Optional<JmhResults> results = jmh("jmh-predict.json");
        Optional<Sample> direct = results.flatMap(run -> run.sample("onnxRuntimeDirect"));
        Optional<Sample> directBytes = results.flatMap(run -> run.sample("onnxRuntimeDirect" + ALLOCATED));
        List<Figure> figures = new ArrayList<>();
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("tangoModelPredict", "`TangoModel.predict` (class path)");
        paths.put("jobPredictorPredict", "local job predictor, synchronous `predict`");
        paths.put("modelManagerPredict", "`ModelManager.predict(key, …)`");
        paths.put("isolatedModelPredict", "`TangoModel.predict` (plugin directory, isolated)");
        for (Map.Entry<String, String> path : paths.entrySet()) {
            Optional<Sample> tango = results.flatMap(run -> run.sample(path.getKey()));
            String id = "predict." + path.getKey();
            if (direct.isEmpty() || tango.isEmpty()) {
                figures.add(notMeasured(id, title + path.getValue(), "ONNX Runtime `OrtSession.run`", target, "predict"));
                continue;
            }
            double ratio = tango.get().median() / direct.get().median();
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("tango", sample(tango.get()));
            values.put("onnxruntime", sample(direct.get()));
            values.put("ratio", ratio);
            String tangoText = time(tango.get());
            String directText = time(direct.get());
            String ratioText = ratio(ratio);
            boolean met = ratio <= PREDICT_TARGET;
            Optional<Sample> tangoBytes = results.flatMap(run -> run.sample(path.getKey() + ALLOCATED));
            if (tangoBytes.isPresent() && directBytes.isPresent()) {
                double extra = tangoBytes.get().median() - directBytes.get().median();
                values.put("tango_bytes", sample(tangoBytes.get()));
                values.put("onnxruntime_bytes", sample(directBytes.get()));
                values.put("extra_bytes", extra);
                tangoText += "; " + spread(tangoBytes.get());
                directText += "; " + spread(directBytes.get());
                ratioText += "; " + (extra >= 0 ? "+" : "−") + number(Math.abs(extra)) + " B/op";
                met = met && extra <= PREDICT_BYTES_TARGET;
            } else {
                ratioText += "; B/op not measured (no -prof gc)";
            }
            figures.add(new Figure(id, title + path.getValue(), tangoText, directText + " (`OrtSession.run`)", ratioText,
                    target, met ? Figure.Verdict.MET : Figure.Verdict.MISSED, load("predict"), values));
        }
        return figures;
    }

    private Figure http() {
        String id = "http";
        String title = "local deployment over HTTP (MLflow scoring protocol), same wrk load";
        String target = "≥ " + number(HTTP_RATE_TARGET) + "× req/s, p99 ≤ " + HTTP_P99_TARGET + "×";
        List<WrkRun> tango = wrk("wrk-tango-");
        List<WrkRun> mlflow = wrk("wrk-mlflow-");
        if (tango.isEmpty() || mlflow.isEmpty()) {
            return notMeasured(id, title, "`mlflow models serve`", target, "http-tango", "http-mlflow");
        }
        Sample tangoRate = new Sample("req/s", tango.stream().map(WrkRun::requestsPerSecond).toList());
        Sample mlflowRate = new Sample("req/s", mlflow.stream().map(WrkRun::requestsPerSecond).toList());
        Sample tangoP99 = new Sample("ms", tango.stream().map(WrkRun::p99Millis).toList());
        Sample mlflowP99 = new Sample("ms", mlflow.stream().map(WrkRun::p99Millis).toList());
        long errors = Stream.concat(tango.stream(), mlflow.stream()).mapToLong(WrkRun::errors).sum();
        double rateRatio = tangoRate.median() / mlflowRate.median();
        double p99Ratio = tangoP99.median() / mlflowP99.median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tango_requests_per_second", sample(tangoRate));
        values.put("mlflow_requests_per_second", sample(mlflowRate));
        values.put("tango_p99_ms", sample(tangoP99));
        values.put("mlflow_p99_ms", sample(mlflowP99));
        values.put("errors", errors);
        values.put("rate_ratio", rateRatio);
        values.put("p99_ratio", p99Ratio);
        boolean met = rateRatio >= HTTP_RATE_TARGET && p99Ratio <= HTTP_P99_TARGET && errors == 0;
        return new Figure(id, title,
                spread(tangoRate) + "; p99 " + spread(tangoP99),
                spread(mlflowRate) + "; p99 " + spread(mlflowP99) + " (`mlflow models serve`)",
                ratio(rateRatio) + " req/s; " + ratio(p99Ratio) + " p99" + (errors == 0 ? "" : "; " + errors + " errors"),
                target, met ? Figure.Verdict.MET : Figure.Verdict.MISSED,
                load("http-tango") + " / " + load("http-mlflow"), values);
    }

    private Figure jobs() {
        String id = "jobs";
        String title = "async job predictor, trivial model, submit + await";
        String target = "≥ " + number(JOBS_RATIO_TARGET) + "× and ≥ " + number(JOBS_ABSOLUTE_TARGET) + " jobs/s";
        Optional<Sample> tango = jmh("jmh-jobs.json").flatMap(run -> run.sample("submitAndAwait"))
                .map(sample -> new Sample("jobs/s", sample.values()));
        Optional<Sample> caikit = caikit();
        if (tango.isEmpty() || caikit.isEmpty()) {
            return notMeasured(id, title, "caikit `LocalJobPredictor`", target, "jobs", "caikit");
        }
        double ratio = tango.get().median() / caikit.get().median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tango_jobs_per_second", sample(tango.get()));
        values.put("caikit_jobs_per_second", sample(caikit.get()));
        values.put("ratio", ratio);
        boolean met = ratio >= JOBS_RATIO_TARGET && tango.get().median() >= JOBS_ABSOLUTE_TARGET;
        return new Figure(id, title, spread(tango.get()), spread(caikit.get()) + " (caikit `LocalJobPredictor`)",
                ratio(ratio), target, met ? Figure.Verdict.MET : Figure.Verdict.MISSED,
                load("jobs") + " / " + load("caikit"), values);
    }

    /** The LOCAL job predictor's dynamic batching on (32 rows) against off, one-row jobs of the tiny ONNX model. */
    private Figure jobsBatching() {
        String id = "jobs.batching";
        String title = "async job predictor, tiny ONNX model, one row per job, submit + await: dynamic batching on"
                + " (max_batch_size=32, max_batch_delay=0)";
        Optional<JmhResults> results = jmh("jmh-jobs.json");
        Optional<Sample> on = results.flatMap(run -> run.sample("submitAndAwaitOnnx[maxBatchSize=32]"))
                .map(sample -> new Sample("jobs/s", sample.values()));
        Optional<Sample> off = results.flatMap(run -> run.sample("submitAndAwaitOnnx[maxBatchSize=1]"))
                .map(sample -> new Sample("jobs/s", sample.values()));
        if (on.isEmpty() || off.isEmpty()) {
            return notMeasured(id, title, "the same, batching off", "report the gain", "jobs");
        }
        double ratio = on.get().median() / off.get().median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("batching_on_jobs_per_second", sample(on.get()));
        values.put("batching_off_jobs_per_second", sample(off.get()));
        values.put("ratio", ratio);
        return new Figure(id, title, spread(on.get()), spread(off.get()) + " (the same, batching off)", ratio(ratio),
                "report the gain", Figure.Verdict.REPORTED, load("jobs"), values);
    }

    private Figure coldStart() {
        String id = "coldstart";
        String title = "`tango plugins` cold start, JVM included";
        String target = "≤ " + COLD_RATIO_TARGET + "× and ≤ " + COLD_ABSOLUTE_TARGET + " s";
        Path file = work.resolve("coldstart.json");
        if (!Files.isRegularFile(file)) {
            return notMeasured(id, title, "`mlflow deployments --help`", target, "coldstart");
        }
        JsonNode results = readJson(file).get("results");
        Sample tango = hyperfine(results.get(0));
        Sample mlflow = hyperfine(results.get(1));
        double ratio = tango.median() / mlflow.median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tango_seconds", sample(tango));
        values.put("mlflow_seconds", sample(mlflow));
        values.put("tango_command", results.get(0).get("command").asText());
        values.put("mlflow_command", results.get(1).get("command").asText());
        values.put("ratio", ratio);
        boolean met = ratio <= COLD_RATIO_TARGET && tango.median() <= COLD_ABSOLUTE_TARGET;
        return new Figure(id, title, spread(tango), spread(mlflow) + " (`mlflow deployments --help`)", ratio(ratio), target,
                met ? Figure.Verdict.MET : Figure.Verdict.MISSED, load("coldstart"), values);
    }

    private Figure boot() {
        String id = "boot";
        String title = "runtime boot with 1 / 10 / 100 plugin jars in a plugin directory";
        String target = "linear, ≤ " + number(BOOT_PER_PLUGIN_TARGET) + " ms per plugin, ≤ " + number(BOOT_100_TARGET) + " ms at 100";
        Optional<JmhResults> results = jmh("jmh-boot.json");
        Optional<Sample> one = results.flatMap(run -> run.sample("buildAndClose[plugins=1]"));
        Optional<Sample> ten = results.flatMap(run -> run.sample("buildAndClose[plugins=10]"));
        Optional<Sample> hundred = results.flatMap(run -> run.sample("buildAndClose[plugins=100]"));
        if (one.isEmpty() || ten.isEmpty() || hundred.isEmpty()) {
            return notMeasured(id, title, "—", target, "boot");
        }
        double t1 = one.get().median();
        double t10 = ten.get().median();
        double t100 = hundred.get().median();
        double perPlugin = (t100 - t1) / 99;
        double firstSlope = (t10 - t1) / 9;
        double secondSlope = (t100 - t10) / 90;
        // Linear: the cost of a plugin does not grow with the number of plugins (within measurement noise).
        boolean linear = secondSlope <= Math.max(1.5 * firstSlope, firstSlope + 0.5);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ms_1", sample(one.get()));
        values.put("ms_10", sample(ten.get()));
        values.put("ms_100", sample(hundred.get()));
        values.put("ms_per_plugin", perPlugin);
        values.put("ms_per_plugin_1_to_10", firstSlope);
        values.put("ms_per_plugin_10_to_100", secondSlope);
        values.put("linear", linear);
        boolean met = linear && perPlugin <= BOOT_PER_PLUGIN_TARGET && t100 <= BOOT_100_TARGET;
        return new Figure(id, title,
                spread(one.get()) + " / " + spread(ten.get()) + " / " + spread(hundred.get()),
                "—",
                String.format(Locale.ROOT, "%.2f ms per plugin (1→10: %.2f, 10→100: %.2f)%s", perPlugin, firstSlope, secondSlope,
                        linear ? "" : ", not linear"),
                target, met ? Figure.Verdict.MET : Figure.Verdict.MISSED, load("boot"), values);
    }

    private Figure mlflowPredict() {
        String id = "mlflow.predict";
        String title = "plugin-mlflow predict through the runtime, against `mlflow models serve`";
        String target = "≤ " + MLFLOW_PREDICT_TARGET + "×";
        Optional<JmhResults> results = jmh("jmh-mlflow.json");
        Optional<Sample> tango = results.flatMap(run -> run.sample("pluginMlflowPredict"));
        Optional<Sample> raw = results.flatMap(run -> run.sample("rawHttpClientPost"));
        if (tango.isEmpty() || raw.isEmpty()) {
            return notMeasured(id, title, "JDK `HttpClient` POST of the same body", target, "mlflow-predict");
        }
        double ratio = tango.get().median() / raw.get().median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tango", sample(tango.get()));
        values.put("raw_http_client", sample(raw.get()));
        values.put("ratio", ratio);
        return new Figure(id, title, time(tango.get()), time(raw.get()) + " (JDK `HttpClient` POST)", ratio(ratio), target,
                ratio <= MLFLOW_PREDICT_TARGET ? Figure.Verdict.MET : Figure.Verdict.MISSED, load("mlflow-predict"), values);
    }

    /**
     * TANGO's scorer against one baseline, in rows per second over the same cached table: counted only when both
     * sides' checked rows are the model's answers.
     */
    private Figure spark(String id, String side, String file, String baseline, double goal, String phase) {
        Optional<SparkRun> tango = SparkRun.read(work.resolve("spark.json"), "tango");
        Optional<SparkRun> other = SparkRun.read(work.resolve(file), side);
        String rows = tango.or(() -> other).map(run -> String.format(Locale.ROOT, "%,d", run.rows())).orElse("1,000,000");
        String batch = tango.or(() -> other).map(run -> ", batches of " + run.batchSize()).orElse("");
        String title = "Spark `local[2]`, " + rows + " rows of the tiny ONNX model" + batch + ": `TangoScorer.score`";
        String target = "≥ " + number(goal) + "× rows/s";
        if (tango.isEmpty() || other.isEmpty()) {
            return notMeasured(id, title, baseline, target, phase.equals("spark") ? new String[] {"spark"}
                    : new String[] {"spark", phase});
        }
        for (Map.Entry<String, SparkRun> run : List.of(Map.entry("TANGO", tango.get()), Map.entry(side, other.get()))) {
            Optional<String> wrong = run.getValue().wrongAnswer();
            if (wrong.isPresent() || run.getValue().rowsPerSecond().isEmpty()) {
                return new Figure(id, title, "—", baseline, "—", target, Figure.Verdict.NOT_MEASURED, "—",
                        Map.of("reason", run.getKey() + " side: " + wrong.orElse("no timed run")));
            }
        }
        Sample tangoRate = tango.get().rowsPerSecond().orElseThrow();
        Sample otherRate = other.get().rowsPerSecond().orElseThrow();
        double ratio = tangoRate.median() / otherRate.median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("rows", tango.get().rows());
        values.put("batch_size", tango.get().batchSize());
        values.put("tango_rows_per_second", sample(tangoRate));
        values.put(side + "_rows_per_second", sample(otherRate));
        values.put("tango_seconds", tango.get().seconds());
        values.put(side + "_seconds", other.get().seconds());
        values.put("ratio", ratio);
        String ratioText = ratio(ratio);
        // The limit again, emitting TANGO's output type instead of a float: how much of the gap is Spark encoding it.
        Optional<Sample> sameOutput = side.equals("onnxruntime")
                ? SparkRun.read(work.resolve(file), "onnxruntime-struct")
                        .filter(run -> run.wrongAnswer().isEmpty()).flatMap(SparkRun::rowsPerSecond)
                : Optional.empty();
        if (sameOutput.isPresent()) {
            double sameRatio = tangoRate.median() / sameOutput.get().median();
            values.put("onnxruntime_struct_rows_per_second", sample(sameOutput.get()));
            values.put("ratio_same_output_type", sameRatio);
            ratioText += " (" + ratio(sameRatio) + " against the same `mapPartitions` emitting TANGO's output type, "
                    + spread(sameOutput.get()) + ")";
        }
        String load = phase.equals("spark") ? load("spark") : load("spark") + " / " + load(phase);
        return new Figure(id, title, spread(tangoRate), spread(otherRate) + " (" + baseline + ")", ratioText, target,
                ratio >= goal ? Figure.Verdict.MET : Figure.Verdict.MISSED, load, values);
    }

    private List<Figure> memory() {
        String target = "≤ +" + number(MEMORY_TARGET_MIB) + " MiB";
        Map<String, List<Double>> byMode = new LinkedHashMap<>();
        Map<String, String> plugins = new LinkedHashMap<>();
        Path file = work.resolve("memory.jsonl");
        if (Files.isRegularFile(file)) {
            for (String line : lines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = readJson(line);
                String mode = node.get("mode").asText();
                byMode.computeIfAbsent(mode, key -> new ArrayList<>()).add(node.get("rss_kib").asDouble() / 1024);
                List<String> names = new ArrayList<>();
                node.get("plugins").forEach(name -> names.add(name.asText()));
                if (!names.isEmpty()) {
                    plugins.put(mode, String.join(", ", names));
                }
            }
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(memoryFigure("memory.runtime", "runtime", "resident memory, idle embedded runtime with plugins: ",
                byMode, plugins, target, Figure.Verdict.MISSED));
        figures.add(memoryFigure("memory.model", "model", "resident memory, runtime plus the tiny model loaded and run: ",
                byMode, plugins, "report it", Figure.Verdict.REPORTED));
        return figures;
    }

    private Figure memoryFigure(String id, String mode, String title, Map<String, List<Double>> byMode,
            Map<String, String> plugins, String target, Figure.Verdict overTarget) {
        String fullTitle = title + plugins.getOrDefault(mode, "(none)");
        if (!byMode.containsKey("bare") || !byMode.containsKey(mode)) {
            return notMeasured(id, fullTitle, "the same host without TANGO", target, "memory");
        }
        Sample bare = new Sample("MiB", byMode.get("bare"));
        Sample tango = new Sample("MiB", byMode.get(mode));
        double extra = tango.median() - bare.median();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("tango_mib", sample(tango));
        values.put("bare_mib", sample(bare));
        values.put("extra_mib", extra);
        values.put("plugins", plugins.getOrDefault(mode, ""));
        Figure.Verdict verdict = overTarget == Figure.Verdict.REPORTED
                ? Figure.Verdict.REPORTED
                : extra <= MEMORY_TARGET_MIB ? Figure.Verdict.MET : overTarget;
        return new Figure(id, fullTitle, spread(tango), spread(bare) + " (host without TANGO)",
                String.format(Locale.ROOT, "%+.1f MiB", extra), target, verdict, load("memory"), values);
    }

    private Figure notMeasured(String id, String title, String baseline, String target, String... phases) {
        List<String> reasons = new ArrayList<>();
        for (String phase : phases) {
            if (skipped.containsKey(phase)) {
                reasons.add(skipped.get(phase));
            }
        }
        String reason = reasons.isEmpty() ? "no output in this run" : String.join("; ", reasons);
        return new Figure(id, title, "—", baseline, "—", target, Figure.Verdict.NOT_MEASURED, "—", Map.of("reason", reason));
    }

    private String markdown(List<Figure> figures, String command) {
        StringBuilder text = new StringBuilder();
        text.append("| figure | TANGO (median, [min – max]) | compared with | ratio | target | verdict | load avg (1 min) |\n");
        text.append("|---|---|---|---|---|---|---|\n");
        for (Figure figure : figures) {
            String verdict = figure.verdict().text();
            if (figure.verdict() == Figure.Verdict.NOT_MEASURED) {
                verdict += ": " + figure.values().get("reason");
            } else if (figure.load().contains("(not quiet)")) {
                // Measured with TANGO_BENCH_ALLOW_LOAD=1 on a busy machine: the comparison means nothing.
                verdict = "void (machine not quiet; would read: " + verdict + ")";
            }
            text.append("| ").append(figure.title())
                    .append(" | ").append(figure.tango())
                    .append(" | ").append(figure.baseline())
                    .append(" | ").append(figure.ratio())
                    .append(" | ").append(figure.target())
                    .append(" | ").append(verdict)
                    .append(" | ").append(figure.load())
                    .append(" |\n");
        }
        text.append("\nMachine: ");
        List<String> facts = new ArrayList<>();
        machine.forEach((key, value) -> facts.add(key + " " + value));
        text.append(facts.isEmpty() ? "not recorded" : String.join("; ", facts)).append(".\n");
        text.append("\nLoad average when each phase started (1 / 5 / 15 min) and how long it waited for a quiet machine:\n\n");
        for (String[] line : tsv("loads.tsv")) {
            if (line.length >= 6) {
                text.append("- ").append(line[0]).append(": ").append(line[1]).append(" / ").append(line[2]).append(" / ")
                        .append(line[3]).append(", waited ").append(line[4]).append(" s")
                        .append(Boolean.parseBoolean(line[5]) ? "" : " — **never quiet: measured under load, treat as void**")
                        .append('\n');
            }
        }
        text.append("\nCommand: `").append(command).append("`\n");
        return text.toString();
    }

    private String json(List<Figure> figures, String command) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("machine", machine);
        Map<String, Object> phaseLoads = new LinkedHashMap<>();
        for (String[] line : tsv("loads.tsv")) {
            if (line.length >= 6) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("load1", Double.parseDouble(line[1]));
                entry.put("load5", Double.parseDouble(line[2]));
                entry.put("load15", Double.parseDouble(line[3]));
                entry.put("waited_seconds", Long.parseLong(line[4]));
                entry.put("quiet", Boolean.parseBoolean(line[5]));
                phaseLoads.put(line[0], entry);
            }
        }
        root.put("loads", phaseLoads);
        root.put("skipped", skipped);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure figure : figures) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", figure.id());
            row.put("title", figure.title());
            row.put("target", figure.target());
            row.put("verdict", figure.verdict().name());
            row.put("values", figure.values());
            rows.add(row);
        }
        root.put("figures", rows);
        return JSON.writeValueAsString(root) + "\n";
    }

    private Optional<JmhResults> jmh(String name) {
        Path file = work.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(JmhResults.read(file)) : Optional.empty();
    }

    private Optional<Sample> caikit() {
        Path file = work.resolve("caikit.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<Double> rates = new ArrayList<>();
        readJson(file).get("runs").forEach(run -> rates.add(run.get("jobs_per_second").asDouble()));
        return rates.isEmpty() ? Optional.empty() : Optional.of(new Sample("jobs/s", rates));
    }

    /** Every {@code <prefix>N.txt}; a run bench/run.sh set aside ({@code .txt.failed}: no figures) is not one. */
    private List<WrkRun> wrk(String prefix) {
        List<WrkRun> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(work)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith(prefix)
                    && path.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                runs.add(WrkRun.parse(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + work, e);
        }
        return runs;
    }

    private static Sample hyperfine(JsonNode result) {
        List<Double> times = new ArrayList<>();
        result.get("times").forEach(time -> times.add(time.asDouble()));
        return new Sample("s", times);
    }

    private String load(String phase) {
        return loads.getOrDefault(phase, "—");
    }

    private List<String[]> tsv(String name) {
        Path file = work.resolve(name);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return lines(file).stream().filter(line -> !line.isBlank()).map(line -> line.split("\t")).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static Map<String, Object> sample(Sample sample) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("unit", sample.unit());
        values.put("median", sample.median());
        values.put("min", sample.min());
        values.put("max", sample.max());
        values.put("values", sample.values());
        return values;
    }

    private static String time(Sample sample) {
        return spread(sample);
    }

    static String spread(Sample sample) {
        return number(sample.median()) + " " + sample.unit() + " [" + number(sample.min()) + " – " + number(sample.max()) + "]";
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.3f×", ratio);
    }

    /** Three significant digits, thousands grouped: 1,234,567 / 12,345 / 123 / 12.3 / 1.23 / 0.123. */
    static String number(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
