package io.tango.plugin.local;

import io.tango.api.InvalidRequestException;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.local.OipAnswers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deployments that share one serving port: who joins, who may not, and what deleting one leaves. */
class SharedServingPortTest {
    private static final String ROW = "{\"inputs\": {\"x\": [[1, 1, 1]]}}";

    @TempDir
    Path root;

    private LocalDeploymentClient client;
    private URI url;

    @BeforeEach
    void serveA() {
        LocalModelStore store = new LocalModelStore(root);
        Fixtures.saveLinear(store, "a");
        Fixtures.saveLinear(store, "b");
        client = new LocalDeploymentClient(store, new LocalModelFinder(store, "test"), Fixtures.loader(),
                new ServingSettings("127.0.0.1", 1, 4, 1 << 20), Clock.systemUTC());
        url = client.createDeployment("a", "a", Optional.empty(), Map.of("serve", "true")).url().orElseThrow();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private Map<String, String> samePort(String... more) {
        Map<String, String> config = new LinkedHashMap<>(Map.of("serve", "true", "port", Integer.toString(url.getPort())));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    @Test
    void aDeploymentGivenTheSamePortGetsTheSameUrl() {
        assertThat(client.createDeployment("b", "b", Optional.empty(), samePort()).url()).contains(url);
    }

    @Test
    void aDeploymentAskingForGrpcOnAPortWithoutItIsRefused() {
        assertThatThrownBy(() -> client.createDeployment("b", "b", Optional.empty(), samePort("grpc_port", "0")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("deployment 'b' asks for port " + url.getPort() + " with grpc_port 0, but the server on that port"
                        + " has no gRPC; give the same grpc_port as the deployments it serves [a]");
    }

    @Test
    void aDeploymentAskingForAnotherHostOnTheSamePortIsRefused() {
        assertThatThrownBy(() -> client.createDeployment("b", "b", Optional.empty(), samePort("host", "0.0.0.0")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("deployment 'b' asks for port " + url.getPort() + " on host 0.0.0.0, but the server on that port"
                        + " listens on 127.0.0.1; give host=127.0.0.1 or another port");
    }

    @Test
    void deletingTheFirstDeploymentLeavesTheServerToTheNextOne() {
        client.createDeployment("b", "b", Optional.empty(), samePort());

        client.deleteDeployment("a", Map.of());

        HttpResponse<String> response = Http.post(url, "/invocations", "application/json", ROW);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body())).isEqualTo(json("{\"predictions\": [[6.5]]}"));
        assertThat(Http.get(url, "/v2/models/a").statusCode()).isEqualTo(404);
    }

    @Test
    void deletingTheLastDeploymentOnAPortStopsItsServer() {
        client.deleteDeployment("a", Map.of());

        assertThatThrownBy(() -> Http.get(url, "/v2/health/live"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(ConnectException.class);
    }
}
