package io.tango.bench.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The report reads one run's raw outputs and judges each figure against its target. */
class BenchReportTest {
    @TempDir
    static Path work;

    private static Map<String, Figure> figures;

    @BeforeAll
    static void writeARun() throws IOException {
        Files.writeString(work.resolve("jmh-predict.json"), jmh(
                allocating(benchmark("PredictOverheadBenchmark.onnxRuntimeDirect", "ns/op", "", "[[1000, 1010], [990, 1000]]"),
                        "[[1152, 1152], [1152, 1160]]"),
                allocating(benchmark("PredictOverheadBenchmark.tangoModelPredict", "ns/op", "", "[[1020, 1020], [1020, 1020]]"),
                        "[[1368, 1368], [1368, 1400]]"),
                allocating(benchmark("PredictOverheadBenchmark.modelManagerPredict", "ns/op", "", "[[1000, 1000], [1000, 1000]]"),
                        "[[1500, 1500], [1500, 1500]]"),
                benchmark("PredictOverheadBenchmark.jobPredictorPredict", "ns/op", "", "[[1100, 1100], [1100, 1100]]")));
        Files.writeString(work.resolve("jmh-jobs.json"), jmh(
                benchmark("JobThroughputBenchmark.submitAndAwait", "ops/s", "", "[[150000, 160000, 170000]]"),
                benchmark("JobThroughputBenchmark.submitAndAwaitOnnx", "ops/s", "{\"maxBatchSize\": \"1\"}", "[[40000, 50000]]"),
                benchmark("JobThroughputBenchmark.submitAndAwaitOnnx", "ops/s", "{\"maxBatchSize\": \"32\"}", "[[90000, 100000]]")));
        Files.writeString(work.resolve("jmh-boot.json"), jmh(
                benchmark("RuntimeBootBenchmark.buildAndClose", "ms/op", "{\"plugins\": \"1\"}", "[[10, 10]]"),
                benchmark("RuntimeBootBenchmark.buildAndClose", "ms/op", "{\"plugins\": \"10\"}", "[[28, 28]]"),
                benchmark("RuntimeBootBenchmark.buildAndClose", "ms/op", "{\"plugins\": \"100\"}", "[[208, 208]]")));
        Files.writeString(work.resolve("caikit.json"), """
                {"runs": [{"jobs_per_second": 600}, {"jobs_per_second": 500}, {"jobs_per_second": 700}]}
                """);
        Files.writeString(work.resolve("coldstart.json"), """
                {"results": [
                  {"command": "tango plugins", "times": [0.20, 0.21, 0.22]},
                  {"command": "mlflow deployments --help", "times": [2.5, 2.6, 2.7]}]}
                """);
        for (int run = 1; run <= 3; run++) {
            Files.writeString(work.resolve("wrk-tango-" + run + ".txt"), wrk(20000 + run * 1000, "1.00ms"));
            Files.writeString(work.resolve("wrk-mlflow-" + run + ".txt"), wrk(1000 + run * 100, "30.00ms"));
        }
        for (int run = 1; run <= 3; run++) {
            Files.writeString(work.resolve("wrk-serve-ceiling-c16-" + run + ".txt"), wrk(80000, "0.15ms", "0.50ms"));
            Files.writeString(work.resolve("wrk-serve-mlflow-c16-" + run + ".txt"), wrk(45000, "0.30ms", "1.50ms"));
            Files.writeString(work.resolve("wrk-serve-oip-c16-" + run + ".txt"), wrk(35000, "0.40ms", "2.50ms"));
            Files.writeString(work.resolve("wrk-serve-ceiling-c64-" + run + ".txt"), wrk(90000, "0.60ms", "1.00ms"));
            Files.writeString(work.resolve("wrk-serve-oip-c64-" + run + ".txt"), wrk(30000, "1.00ms", "4.00ms"));
            Files.writeString(work.resolve("wrk-serve-batched-c64-" + run + ".txt"), wrk(70000, "1.80ms", "3.00ms"));
            Files.writeString(work.resolve("wrk-peer-triton-c16-" + run + ".txt"), wrk(3000, "5.00ms", "30.00ms"));
            Files.writeString(work.resolve("grpc-tango-" + run + ".json"), grpc(12000, 1.2));
            Files.writeString(work.resolve("grpc-triton-" + run + ".json"), grpc(1000, 25));
        }
        Files.writeString(work.resolve("wrk-serve-ceiling-c16-4.txt.failed"), "unable to connect to 127.0.0.1:1\n");
        Files.writeString(work.resolve("serve-batched.conf"), "max_batch_size=32\nmax_batch_delay=500\n");
        Files.writeString(work.resolve("memory.jsonl"), """
                {"mode": "bare", "rss_kib": 40960, "heap_used_kib": 1, "plugins": []}
                {"mode": "runtime", "rss_kib": 92160, "heap_used_kib": 1, "plugins": ["devo", "local"]}
                {"mode": "model", "rss_kib": 143360, "heap_used_kib": 1, "plugins": ["devo", "local"]}
                """);
        Files.writeString(work.resolve("spark.json"), spark(
                side("tango", "[0.5, 0.4, 0.6]", RIGHT_ROWS), side("onnxruntime", "[0.4, 0.4, 0.5]", RIGHT_ROWS)));
        Files.writeString(work.resolve("spark-mlflow.json"), spark(side("mlflow", "[100, 125, 200]", RIGHT_ROWS)));
        Files.writeString(work.resolve("loads.tsv"), "predict\t0.35\t0.80\t1.20\t30\ttrue\nboot\t2.50\t2.00\t1.50\t900\tfalse\n");
        Files.writeString(work.resolve("skipped.tsv"), "mlflow-predict\tplugin-mlflow is not packaged\n"
                + "peers-mlserver\tPeerServerMain mlserver did not start\n");
        Files.writeString(work.resolve("machine.tsv"), "nproc\t2\ncpu\tAMD EPYC\n");
        figures = BenchReport.figures(work).stream().collect(Collectors.toMap(Figure::id, Function.identity()));
    }

    @Test
    void comparesEachPredictPathWithTheMedianOfOnnxRuntime() {
        Figure model = figures.get("predict.tangoModelPredict");

        assertThat(model.ratio()).isEqualTo("1.020×; +216 B/op");
        assertThat(model.verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(model.target()).isEqualTo("≤ 1.03× and ≤ +256 B/op");
        assertThat(model.tango()).isEqualTo("1,020 ns/op [1,020 – 1,020]; 1,368 B/op [1,368 – 1,400]");
        assertThat(model.baseline()).isEqualTo("1,000 ns/op [990 – 1,010]; 1,152 B/op [1,152 – 1,160] (`OrtSession.run`)");
        assertThat(model.load()).isEqualTo("0.35");
        assertThat(figures.get("predict.jobPredictorPredict").verdict()).isEqualTo(Figure.Verdict.MISSED);
    }

    @Test
    void missesAPathThatIsFastEnoughButAllocatesMoreThan256BytesBeyondTheDirectCall() {
        Figure manager = figures.get("predict.modelManagerPredict");

        assertThat(manager.ratio()).isEqualTo("1.000×; +348 B/op");
        assertThat(manager.verdict()).isEqualTo(Figure.Verdict.MISSED);
    }

    @Test
    void judgesAPathWithoutAllocationFiguresOnTimeAndSaysSo() {
        assertThat(figures.get("predict.jobPredictorPredict").ratio()).isEqualTo("1.100×; B/op not measured (no -prof gc)");
    }

    @Test
    void reportsTheGainOfTheJobPredictorsBatchingWithoutATarget() {
        Figure batching = figures.get("jobs.batching");

        assertThat(batching.ratio()).isEqualTo("2.111×");
        assertThat(batching.tango()).isEqualTo("95,000 jobs/s [90,000 – 100,000]");
        assertThat(batching.verdict()).isEqualTo(Figure.Verdict.REPORTED);
    }

    @Test
    void saysWhenAPathHasNoOutput() {
        Figure isolated = figures.get("predict.isolatedModelPredict");

        assertThat(isolated.verdict()).isEqualTo(Figure.Verdict.NOT_MEASURED);
        assertThat(isolated.values()).containsEntry("reason", "no output in this run");
    }

    @Test
    void judgesHttpOnRequestRateAndP99Together() {
        Figure http = figures.get("http");

        assertThat(http.ratio()).isEqualTo("18.333× req/s; 0.033× p99");
        assertThat(http.verdict()).isEqualTo(Figure.Verdict.MET);
    }

    @Test
    void judgesJobsOnTheRatioAndTheAbsoluteRate() {
        Figure jobs = figures.get("jobs");

        assertThat(jobs.tango()).isEqualTo("160,000 jobs/s [150,000 – 170,000]");
        assertThat(jobs.ratio()).isEqualTo("266.667×");
        assertThat(jobs.verdict()).isEqualTo(Figure.Verdict.MET);
    }

    @Test
    void comparesServingWithTheHelloWorldCeilingAndBoundsTangosP99() {
        Figure mlflow = figures.get("serve.mlflow.c16");
        Figure oip = figures.get("serve.oip.c16");

        assertThat(mlflow.ratio()).isEqualTo("0.563× req/s; 3.000× p99");
        assertThat(mlflow.target()).isEqualTo("≥ 0.500× req/s, p99 ≤ 2.00 ms");
        assertThat(mlflow.verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(mlflow.baseline()).isEqualTo("80,000 req/s [80,000 – 80,000]; p50 0.150 ms [0.150 – 0.150];"
                + " p99 0.500 ms [0.500 – 0.500] (Netty hello-world (1 event loop), same load)");
        assertThat(oip.verdict()).isEqualTo(Figure.Verdict.MISSED);
    }

    @Test
    void judgesBatchingAgainstTheCeilingAndAgainstBatchingOff() {
        Figure batched = figures.get("serve.batched.c64");
        Figure gain = figures.get("serve.batching.c64");

        assertThat(batched.title()).contains("dynamic batching on (max_batch_size=32, max_batch_delay=500)");
        assertThat(batched.ratio()).startsWith("0.778× req/s");
        assertThat(batched.verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(gain.ratio()).startsWith("2.333× req/s");
        assertThat(gain.target()).isEqualTo("≥ 2.00× req/s, p50 added ≤ the delay + 1.00 ms (1.50 ms)");
        assertThat(gain.verdict()).isEqualTo(Figure.Verdict.MET);
    }

    @Test
    void comparesTangoWithEachPeerAndSaysWhyAPeerWasNotMeasured() {
        Figure triton = figures.get("peers.triton.c16");
        Figure mlserver = figures.get("peers.mlserver.c64");

        assertThat(triton.ratio()).isEqualTo("11.667× req/s; 0.083× p99");
        assertThat(triton.verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(figures.get("peers.triton.c64").verdict()).isEqualTo(Figure.Verdict.NOT_MEASURED);
        assertThat(mlserver.verdict()).isEqualTo(Figure.Verdict.NOT_MEASURED);
        assertThat(mlserver.values()).containsEntry("reason", "PeerServerMain mlserver did not start");
    }

    @Test
    void comparesGrpcInferencesPerSecondWithTriton() {
        Figure grpc = figures.get("grpc.triton");

        assertThat(grpc.ratio()).isEqualTo("12.000× infer/s");
        assertThat(grpc.title()).endsWith(", 16 calls in flight");
        assertThat(grpc.verdict()).isEqualTo(Figure.Verdict.MET);
    }

    @Test
    void rendersTheServingRowsInTheTable() {
        String markdown = BenchReport.markdown(work, "bench/run.sh --only serve");

        assertThat(markdown).contains("| serving, linear model, one-row JSON request, wrk -t1 -c16, batching off: MLflow"
                + " scoring protocol (`/invocations`) | 45,000 req/s [45,000 – 45,000];");
        assertThat(markdown).contains("| OIP REST, linear model, one-row JSON, wrk -t1 -c64: TANGO (batching off) vs"
                + " MLServer (scikit-learn twin) | — |");
    }

    @Test
    void judgesColdStartOnTheRatioAndTheAbsoluteTime() {
        Figure coldStart = figures.get("coldstart");

        assertThat(coldStart.ratio()).isEqualTo("0.081×");
        assertThat(coldStart.target()).isEqualTo("≤ 0.1× and ≤ 0.3 s");
        assertThat(coldStart.verdict()).isEqualTo(Figure.Verdict.MET);
    }

    @Test
    void derivesTheCostPerPluginAndChecksItDoesNotGrow() {
        Figure boot = figures.get("boot");

        assertThat(boot.ratio()).isEqualTo("2.00 ms per plugin (1→10: 2.00, 10→100: 2.00)");
        assertThat(boot.verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(boot.load()).isEqualTo("2.50 (not quiet)");
    }

    @Test
    void reportsMemoryAboveTheBareHost() {
        assertThat(figures.get("memory.runtime").ratio()).isEqualTo("+50.0 MiB");
        assertThat(figures.get("memory.runtime").verdict()).isEqualTo(Figure.Verdict.MET);
        assertThat(figures.get("memory.runtime").title()).endsWith("plugins: devo, local");
        assertThat(figures.get("memory.model").verdict()).isEqualTo(Figure.Verdict.REPORTED);
    }

    @Test
    void comparesTangoOnSparkWithTheHandWrittenMapPartitionsInRowsPerSecond() {
        Figure direct = figures.get("spark.onnxruntime");

        assertThat(direct.tango()).isEqualTo("2,000,000 rows/s [1,666,667 – 2,500,000]");
        assertThat(direct.ratio()).isEqualTo("0.800×");
        assertThat(direct.verdict()).isEqualTo(Figure.Verdict.MISSED);
        assertThat(direct.title()).isEqualTo(
                "Spark `local[2]`, 1,000,000 rows of the tiny ONNX model, batches of 256: `TangoScorer.score`");
    }

    @Test
    void comparesTangoOnSparkWithMlflowSparkUdfInRowsPerSecond() {
        Figure mlflow = figures.get("spark.mlflow");

        assertThat(mlflow.baseline()).isEqualTo(
                "8,000 rows/s [5,000 – 10,000] (`mlflow.pyfunc.spark_udf`, Arrow batches of the same size)");
        assertThat(mlflow.ratio()).isEqualTo("250.000×");
        assertThat(mlflow.verdict()).isEqualTo(Figure.Verdict.MET);
    }

    @Test
    void countsNoSparkTimeOfASideWhoseAnswersAreWrong(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("spark.json"), spark(
                side("tango", "[0.5]", RIGHT_ROWS), side("onnxruntime", "[0.4]", "[[4.0, 2.0, 1.0, 0.0, 3.5]]")));

        Figure direct = BenchReport.figures(run).stream().filter(figure -> figure.id().equals("spark.onnxruntime"))
                .findFirst().orElseThrow();

        assertThat(direct.verdict()).isEqualTo(Figure.Verdict.NOT_MEASURED);
        assertThat(direct.values()).containsEntry("reason",
                "onnxruntime side: predicted 3.5 for [4.0, 2.0, 1.0, 0.0], expected 3.125");
    }

    @Test
    void addsTheLimitWithTangosOutputTypeWhenItWasMeasured(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("spark.json"), spark(side("tango", "[0.5]", RIGHT_ROWS),
                side("onnxruntime", "[0.25]", RIGHT_ROWS), side("onnxruntime-struct", "[0.4]", RIGHT_ROWS)));

        Figure direct = BenchReport.figures(run).stream().filter(figure -> figure.id().equals("spark.onnxruntime"))
                .findFirst().orElseThrow();

        assertThat(direct.ratio()).isEqualTo("0.500× (0.800× against the same `mapPartitions` emitting TANGO's output"
                + " type, 2,500,000 rows/s [2,500,000 – 2,500,000])");
        assertThat(direct.values()).containsEntry("ratio_same_output_type", 0.8);
    }

    @Test
    void givesTheReasonASparkSideFailed(@TempDir Path run) throws IOException {
        Files.writeString(run.resolve("spark.json"), spark(
                "\"tango\": {\"seconds\": [], \"samples\": [], \"error\": \"SparkException caused by boom\"}",
                side("onnxruntime", "[0.4]", RIGHT_ROWS)));

        Figure direct = BenchReport.figures(run).stream().filter(figure -> figure.id().equals("spark.onnxruntime"))
                .findFirst().orElseThrow();

        assertThat(direct.values()).containsEntry("reason", "TANGO side: SparkException caused by boom");
    }

    @Test
    void givesTheReasonAPhaseWasSkipped() {
        Figure mlflow = figures.get("mlflow.predict");

        assertThat(mlflow.verdict()).isEqualTo(Figure.Verdict.NOT_MEASURED);
        assertThat(mlflow.values()).containsEntry("reason", "plugin-mlflow is not packaged");
    }

    @Test
    void marksPhasesMeasuredUnderLoadAsVoidInTheMarkdown() {
        String markdown = BenchReport.markdown(work, "bench/run.sh");

        assertThat(markdown).contains("- boot: 2.50 / 2.00 / 1.50, waited 900 s — **never quiet: measured under load, treat as void**\n");
        assertThat(markdown).contains("- predict: 0.35 / 0.80 / 1.20, waited 30 s\n");
        assertThat(markdown).contains("| void (machine not quiet; would read: met) | 2.50 (not quiet) |");
        assertThat(markdown).contains("Machine: nproc 2; cpu AMD EPYC.\n");
        assertThat(markdown).endsWith("Command: `bench/run.sh`\n");
    }

    /** Two rows of TinyOnnxModel's features and its answers for them. */
    private static final String RIGHT_ROWS = "[[4.0, 2.0, 1.0, 0.0, 3.125], [4.5, 2.5, 1.5, 0.5, 5.0]]";

    private static String spark(String... sides) {
        return "{\"rows\": 1000000, \"batch_size\": 256, \"sides\": {" + String.join(", ", sides) + "}}";
    }

    private static String side(String name, String seconds, String samples) {
        return "\"" + name + "\": {\"seconds\": " + seconds + ", \"samples\": " + samples + "}";
    }

    private static String jmh(String... benchmarks) {
        return "[" + String.join(",", List.of(benchmarks)) + "]";
    }

    private static String benchmark(String name, String unit, String params, String rawData) {
        return "{\"benchmark\": \"io.tango.bench.jmh." + name + "\""
                + (params.isEmpty() ? "" : ", \"params\": " + params)
                + ", \"primaryMetric\": {\"scoreUnit\": \"" + unit + "\", \"rawData\": " + rawData + "}}";
    }

    /** Adds {@code -prof gc}'s normalised allocation rate to a benchmark's JSON. */
    private static String allocating(String benchmark, String rawData) {
        return benchmark.substring(0, benchmark.length() - 1)
                + ", \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"scoreUnit\": \"B/op\", \"rawData\": " + rawData + "}}}";
    }

    private static String wrk(double rate, String p99) {
        return wrk(rate, "0.50ms", p99);
    }

    private static String wrk(double rate, String p50, String p99) {
        return """
                Running 20s test @ http://127.0.0.1:1/invocations
                  Latency Distribution
                     50%%    %s
                     99%%    %s
                  1000 requests in 20.00s, 1.00MB read
                Requests/sec:  %.2f
                """.formatted(p50, p99, rate);
    }

    private static String grpc(double rate, double p99) {
        return String.format(java.util.Locale.ROOT, "{\"concurrency\": 16, \"seconds\": 20.000, \"calls\": %d,"
                + " \"infer_per_second\": %.1f, \"p50_ms\": 0.5, \"p99_ms\": %.2f, \"errors\": 0, \"wrong\": 0,"
                + " \"first_problem\": null}", (long) (rate * 20), rate, p99);
    }
}
