package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.deploy.Deployment;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** MLflow's scoring protocol on a served local deployment of a model trained on iris. */
class ScoringHttpTest {
    private static final String SPLIT = """
            {"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
                                 "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}""";

    @TempDir
    static Path root;

    private static LocalDeploymentClient client;
    private static URI url;

    @BeforeAll
    static void serveIris() {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.train(store, "iris", Fixtures.irisArguments());
        client = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 2, 8, 4096), Clock.systemUTC());
        Deployment deployment = client.createDeployment("iris", "iris", Optional.empty(), Map.of("serve", "true"));
        url = deployment.url().orElseThrow();
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Test
    void servesOnLoopback() {
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(url.getPort()).isPositive();
    }

    @Test
    void answersPingHealthAndVersion() {
        assertThat(Http.get(url, "/ping").statusCode()).isEqualTo(200);
        assertThat(Http.get(url, "/ping").body()).isEqualTo("\n");
        assertThat(Http.get(url, "/health").statusCode()).isEqualTo(200);
        HttpResponse<String> version = Http.get(url, "/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).startsWith("tango-plugin-local ");
    }

    @Test
    void scoresDataframeSplitAsRecords() {
        HttpResponse<String> response = Http.invoke(url, SPLIT);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode predictions = json(response).get("predictions");
        assertThat(predictions.size()).isEqualTo(2);
        assertThat(predictions.get(0).get("label").asText()).isEqualTo("setosa");
        assertThat(predictions.get(1).get("label").asText()).isEqualTo("virginica");
        assertThat(predictions.get(0).get("probabilities").size()).isEqualTo(3);
    }

    @Test
    void scoresDataframeRecordsLikeSplit() {
        HttpResponse<String> response = Http.invoke(url, """
                {"dataframe_records": [
                  {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2},
                  {"petal_width": 2.3, "petal_length": 5.2, "sepal_width": 3.0, "sepal_length": 6.7}]}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(json(Http.invoke(url, SPLIT)));
    }

    @Test
    void scoresInstancesAsTensors() {
        HttpResponse<String> response = Http.invoke(url, "{\"instances\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode predictions = json(response).get("predictions");
        assertThat(predictions.get("label").toString()).isEqualTo("[\"setosa\",\"virginica\"]");
        assertThat(predictions.get("probabilities").size()).isEqualTo(2);
    }

    @Test
    void scoresNamedInputsWithParams() {
        HttpResponse<String> byTensor = Http.invoke(url,
                "{\"inputs\": {\"input\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}, \"params\": {\"threshold\": 0.5}}");
        HttpResponse<String> byColumns = Http.invoke(url, """
                {"inputs": {"sepal_length": [5.1, 6.7], "sepal_width": [3.5, 3.0],
                            "petal_length": [1.4, 5.2], "petal_width": [0.2, 2.3]}}""");

        assertThat(byTensor.statusCode()).isEqualTo(200);
        assertThat(json(byTensor)).isEqualTo(json(byColumns));
        assertThat(json(byTensor).get("predictions").get("label").toString()).isEqualTo("[\"setosa\",\"virginica\"]");
    }

    @Test
    void scoresCsv() {
        HttpResponse<String> response = Http.post(url, "/invocations", "text/csv",
                "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(json(Http.invoke(url, SPLIT)));
    }

    @Test
    void rejectsTwoInputFieldsWithMlflowsError() {
        HttpResponse<String> response = Http.invoke(url, "{\"instances\": [[1, 2, 3, 4]], \"inputs\": [[1, 2, 3, 4]]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error_code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(json(response).get("message").asText()).startsWith("The input must be a JSON dictionary with exactly one"
                + " of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}");
    }

    @Test
    void rejectsAMismatchingColumnNamingIt() {
        HttpResponse<String> response = Http.invoke(url, """
                {"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "colour"],
                                     "data": [[5.1, 3.5, 1.4, 0.2]]}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error_code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(json(response).get("message").asText()).isEqualTo("unknown input 'colour'; model 'iris' expects tensors"
                + " [input: FLOAT32[-1, 4]] or numeric columns [sepal_length, sepal_width, petal_length, petal_width]");
    }

    @Test
    void rejectsAValueOfTheWrongType() {
        HttpResponse<String> response = Http.invoke(url, """
                {"dataframe_records": [{"sepal_length": "long", "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).isEqualTo("input 'sepal_length' row 0 is \"long\"; model 'iris' expects a number");
    }

    @Test
    void rejectsMalformedJson() {
        HttpResponse<String> response = Http.invoke(url, "{\"inputs\": [1, 2");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error_code").asText()).isEqualTo("BAD_REQUEST");
        assertThat(json(response).get("message").asText()).startsWith("Failed to parse the input as JSON: ");
    }

    @Test
    void rejectsAnotherContentType() {
        HttpResponse<String> response = Http.post(url, "/invocations", "text/plain", "5.1 3.5 1.4 0.2");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("message").asText()).isEqualTo("This predictor only supports the following content types:"
                + " Types: ['text/csv', 'application/json']. Got 'text/plain'.");
    }

    @Test
    void rejectsABodyOverTheSizeCap() {
        String big = "{\"inputs\": {\"input\": [" + "[5.1, 3.5, 1.4, 0.2],".repeat(300) + "[5.1, 3.5, 1.4, 0.2]]}}";

        HttpResponse<String> response = Http.invoke(url, big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error_code").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(json(response).get("message").asText()).isEqualTo("the request body is larger than the limit of 4096 bytes");
    }

    @Test
    void answersUnknownPathsAndMethods() {
        assertThat(Http.get(url, "/predict").statusCode()).isEqualTo(404);
        assertThat(json(Http.get(url, "/predict")).get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
        assertThat(Http.get(url, "/invocations").statusCode()).isEqualTo(405);
    }
}
