package io.tango.bench.jmh;

import io.tango.api.LoadedModel;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.bench.PluginFolders;
import io.tango.bench.model.TinyOnnxModel;
import io.tango.runtime.TangoRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time per call of one prediction on a running MLflow scoring server ({@code mlflow models serve} of
 * {@link TinyOnnxModel}, started by {@code bench/run.sh}; its URL in the system property {@value #URL_PROPERTY}):
 * plugin-mlflow's model, loaded through the runtime from a plugin directory ({@code mlflow+http://…} key, MLFLOW finder
 * and initializer), against a raw JDK {@link HttpClient} POST of the same body to the same server. Single-threaded;
 * both keep their connection alive.
 *
 * <p>Target: ≤ 1.05× the raw POST.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MlflowPredictBenchmark {
    /** The system property holding the scoring server's base URL, e.g. {@code http://127.0.0.1:5001}. */
    public static final String URL_PROPERTY = "tango.bench.mlflow.url";

    /** The server, a raw client, and plugin-mlflow's model of the server. */
    @State(Scope.Benchmark)
    public static class Server {
        URI invocations;
        HttpClient client;
        HttpRequest post;
        TangoRuntime runtime;
        LoadedModel model;
        TangoRequest request;

        @Setup(Level.Trial)
        public void setUp() throws IOException, InterruptedException {
            String url = System.getProperty(URL_PROPERTY);
            if (url == null || url.isBlank()) {
                throw new IllegalStateException("system property " + URL_PROPERTY + " is not set: give the URL of a running"
                        + " MLflow scoring server of the tiny model (bench/run.sh starts one)");
            }
            URI base = URI.create(url);
            invocations = base.resolve("/invocations");
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            post = HttpRequest.newBuilder(invocations)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(TinyOnnxModel.scoringBody()))
                    .build();
            // The finder wants a tracking server even for mlflow+http:// keys, which never ask it: name the scoring server.
            runtime = TangoRuntime.builder()
                    .configYaml("""
                            model_management:
                              finders:
                                default: {type: MLFLOW, config: {tracking_uri: "%1$s", environment: {}}}
                              initializers:
                                default: {type: MLFLOW, config: {environment: {}}}
                            """.formatted(base))
                    .pluginDirectory(PluginFolders.directory())
                    .scanClassPath(false)
                    .environment(Map.of())
                    .build();
            model = runtime.modelManager().load("mlflow+http://" + base.getAuthority());
            request = TangoRequest.of(Map.of("dataframe_split", TinyOnnxModel.dataframeSplit()));
            String raw = rawPost(this);
            if (!raw.contains("4.29999")) {
                throw new IllegalStateException("the scoring server answered " + raw);
            }
            String predicted = String.valueOf(model.predict(request).outputs());
            if (!predicted.contains("4.29999")) {
                throw new IllegalStateException("plugin-mlflow's model answered " + predicted);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.close();
        }
    }

    /** The baseline: a raw POST of the scoring body, the answer read as a string. */
    @Benchmark
    public String rawHttpClientPost(Server server) throws IOException, InterruptedException {
        return rawPost(server);
    }

    /** {@code TangoModel.predict} of plugin-mlflow's model of the same server, with the same request. */
    @Benchmark
    public Object pluginMlflowPredict(Server server) {
        return server.model.predict(server.request);
    }

    static String rawPost(Server server) throws IOException, InterruptedException {
        HttpResponse<String> response = server.client.send(server.post, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + server.invocations + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
