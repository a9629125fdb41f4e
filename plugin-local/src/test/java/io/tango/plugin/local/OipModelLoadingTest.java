package io.tango.plugin.local;

import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.local.OipAnswers.assertError;
import static io.tango.plugin.local.OipAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How served deployments are loaded and unloaded, seen through OIP's readiness and repository extension: lazy
 * loading, {@code max_loaded_models} evicting the least recently used, and unload / load on request. Each test serves
 * linear ONNX models ({@code y = x1 + 2 x2 + 3 x3 + 0.5}) named {@code a} and {@code b} on one port.
 */
class OipModelLoadingTest {
    private static final String ROW = "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 3], \"datatype\": \"FP32\", \"data\": [1, 1, 1]}]}";
    private static final String NOT_LOADED_YET = "not loaded yet; loaded on first use";
    private static final String EVICTED = "not loaded yet, or unloaded to keep at most 1 models loaded; loaded on first use";

    @TempDir
    Path root;

    private LocalDeploymentClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    /** Serves {@code a} and {@code b} on one port with the given loading policy. */
    private URI serve(int maxLoadedModels, boolean lazy) {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.saveLinear(store, "a");
        Fixtures.saveLinear(store, "b");
        client = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 2, 16, 1 << 20).withLoading(maxLoadedModels, lazy), Clock.systemUTC());
        URI url = client.createDeployment("a", "a", Optional.empty(), Map.of("serve", "true")).url().orElseThrow();
        client.createDeployment("b", "b", Optional.empty(), Map.of("serve", "true", "port", Integer.toString(url.getPort())));
        return url;
    }

    private static HttpResponse<String> post(URI url, String path, String body) {
        return Http.post(url, path, "application/json", body);
    }

    @Test
    void aLazyDeploymentIsNotReadyBeforeItsFirstUse() {
        URI url = serve(0, true);

        assertError(Http.get(url, "/v2/models/a/ready"), 503, "model 'a' is not ready: " + NOT_LOADED_YET);
    }

    @Test
    void aLazyDeploymentIsLoadedByItsFirstInference() {
        URI url = serve(0, true);

        HttpResponse<String> inferred = post(url, "/v2/models/a/infer", ROW);

        assertThat(inferred.statusCode()).isEqualTo(200);
        assertThat(json(inferred.body()).get("outputs").get(0).get("data").toString()).isEqualTo("[6.5]");
        assertThat(Http.get(url, "/v2/models/a/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void theServerIsNotReadyWhileADeploymentIsNotLoaded() {
        URI url = serve(0, true);
        post(url, "/v2/models/a/infer", ROW);

        assertError(Http.get(url, "/v2/health/ready"), 503, "not every model is loaded: 'b' (" + NOT_LOADED_YET + ")");
    }

    @Test
    void theServerIsReadyOnceEveryDeploymentIsLoaded() {
        URI url = serve(0, true);
        post(url, "/v2/models/a/infer", ROW);
        post(url, "/v2/models/b/infer", ROW);

        assertThat(Http.get(url, "/v2/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void withOneModelAllowedLoadingTheSecondUnloadsTheFirst() {
        URI url = serve(1, false);

        assertError(Http.get(url, "/v2/models/a/ready"), 503, "model 'a' is not ready: " + EVICTED);
        assertThat(Http.get(url, "/v2/models/b/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void withOneModelAllowedUsingTheUnloadedOneSwapsThemBack() {
        URI url = serve(1, false);

        HttpResponse<String> inferred = post(url, "/v2/models/a/infer", ROW);

        assertThat(inferred.statusCode()).isEqualTo(200);
        assertThat(Http.get(url, "/v2/models/a/ready").statusCode()).isEqualTo(200);
        assertError(Http.get(url, "/v2/models/b/ready"), 503, "model 'b' is not ready: " + EVICTED);
    }

    @Test
    void withOneModelAllowedTheLeastRecentlyUsedIsTheOneUnloaded() {
        URI url = serve(1, true);
        post(url, "/v2/models/a/infer", ROW);
        post(url, "/v2/models/b/infer", ROW);

        HttpResponse<String> index = post(url, "/v2/repository/index", "");

        assertThat(json(index.body())).isEqualTo(json("[{\"name\": \"a\", \"version\": \"1\", \"state\": \"UNAVAILABLE\","
                + " \"reason\": \"" + EVICTED + "\"}, {\"name\": \"b\", \"version\": \"1\", \"state\": \"READY\"}]"));
    }

    @Test
    void repositoryUnloadMakesTheModelNotReady() {
        URI url = serve(0, false);

        HttpResponse<String> unloaded = post(url, "/v2/repository/models/a/unload", "");

        assertThat(unloaded.statusCode()).isEqualTo(200);
        assertThat(unloaded.body()).isEmpty();
        assertError(Http.get(url, "/v2/models/a/ready"), 503, "model 'a' is not ready: unloaded on request");
    }

    @Test
    void anUnloadedModelAnswersInferenceWith503UntilLoaded() {
        URI url = serve(0, false);
        post(url, "/v2/repository/models/a/unload", "");

        assertError(post(url, "/v2/models/a/infer", ROW), 503,
                "deployment 'a' is unloaded; load it again (POST /v2/repository/models/a/load)");
    }

    @Test
    void anUnloadedModelAnswersMlflowScoringWith503() {
        URI url = serve(0, false);
        post(url, "/v2/repository/models/a/unload", "");

        HttpResponse<String> response = post(url, "/invocations/a", "{\"inputs\": {\"x\": [[1, 1, 1]]}}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response.body())).isEqualTo(json("{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\":"
                + " \"deployment 'a' is unloaded; load it again (POST /v2/repository/models/a/load)\"}"));
    }

    @Test
    void repositoryLoadMakesAnUnloadedModelReadyAgain() {
        URI url = serve(0, false);
        post(url, "/v2/repository/models/a/unload", "");

        HttpResponse<String> loaded = post(url, "/v2/repository/models/a/load", "");

        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(Http.get(url, "/v2/models/a/ready").statusCode()).isEqualTo(200);
        assertThat(post(url, "/v2/models/a/infer", ROW).statusCode()).isEqualTo(200);
    }

    @Test
    void repositoryIndexCanListTheReadyModelsOnly() {
        URI url = serve(0, false);
        post(url, "/v2/repository/models/a/unload", "");

        HttpResponse<String> index = post(url, "/v2/repository/index", "{\"ready\": true}");

        assertThat(json(index.body())).isEqualTo(json("[{\"name\": \"b\", \"version\": \"1\", \"state\": \"READY\"}]"));
    }

    @Test
    void repositoryLoadOfAnUnknownModelIs404() {
        URI url = serve(0, false);

        assertError(post(url, "/v2/repository/models/c/load", ""), 404, "model 'c' is not served here; this server serves [a, b]");
    }
}
