package io.tango.plugin.deepaas;

import com.sun.net.httpserver.HttpServer;
import io.tango.api.Blob;
import io.tango.api.InvalidConfigException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.logging.CapturedLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A configured {@code token} goes to its own server as {@code Authorization: Bearer}, and nowhere else: not to a
 * server a model key names, not into logs (TRACE included), not into error messages even when the server echoes it
 * in a 401 or 500 body or across the cut of a long one, not into {@code toString()} of the settings or the components. Credentials written into a
 * URL are refused without being shown.
 */
class DeepaasSecretsTest {
    private static final String TOKEN = "s3cr3t-deepaas-token-7f42";
    private static final String PASSWORD = "hunter2-password";

    private HttpServer server;
    private HttpServer other;
    private String url;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> otherAuthorizations = new CopyOnWriteArrayList<>();
    private CapturedLogs logs;

    @BeforeEach
    void start() throws IOException {
        server = echoingServer(authorizations);
        other = echoingServer(otherAuthorizations);
        url = "http://127.0.0.1:" + server.getAddress().getPort();
        logs = CapturedLogs.atTrace();
    }

    @AfterEach
    void stop() {
        logs.close();
        server.stop(0);
        other.stop(0);
    }

    /** Answers 401 to metadata reads and 500 to everything else, each echoing the Authorization header it got. */
    private static HttpServer echoingServer(List<String> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            seen.add(String.valueOf(authorization));
            int status = exchange.getRequestURI().getPath().equals("/v2/models/demo/") ? 401 : 500;
            byte[] body = ("{\"message\":\"bad credentials: " + authorization + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private String logText() {
        return String.join("\n", logs.texts());
    }

    @Test
    void sendsTheTokenToItsServerButNeverShowsItWhenTheServerEchoesItIn401And500Bodies() {
        try (DeepaasRegistryConnector registry = (DeepaasRegistryConnector) TestComponents.create(
                new DeepaasRegistryConnectorFactory(), "secured",
                Map.of("base_url", url, "token", TOKEN, "max_retries", 1, "retry_delay", "10ms"))) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("DEEPaaS at " + url + " answered HTTP 401: reading the metadata of model 'demo'"
                            + " failed: {\"message\":\"bad credentials: Bearer ****\"}");
            assertThatThrownBy(registry::listModels)
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("DEEPaaS at " + url + " answered HTTP 500: listing the models failed:"
                            + " {\"message\":\"bad credentials: Bearer ****\"}");
            assertThat(registry.toString()).doesNotContain(TOKEN);
        }
        assertThat(authorizations).containsExactly("Bearer " + TOKEN, "Bearer " + TOKEN, "Bearer " + TOKEN);
        assertThat(logs.events()).isNotEmpty();
        assertThat(logText()).doesNotContain(TOKEN);
    }

    /** The message shows a long body cut to 500 characters; a token across the cut must not show in part. */
    @Test
    void masksAnEchoedTokenBeforeCuttingALongBodySoNoPartOfItShows() throws IOException {
        String body = "x".repeat(495) + TOKEN + "y".repeat(200);
        try (FaultyHttpServer echo = FaultyHttpServer.start(Fault.answer(422, "text/plain", body));
             DeepaasModelServerProxy proxy = (DeepaasModelServerProxy) TestComponents.create(
                     new DeepaasModelServerProxyFactory(), "secured",
                     Map.of("base_url", echo.uri().toString(), "token", TOKEN, "model", "demo"))) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageEndingWith(" (HTTP 422): " + "x".repeat(495) + "****y…")
                    .satisfies(error -> assertThat(error.getCause().getMessage())
                            .endsWith("x".repeat(495) + "****y…"));
        }
        assertThat(logText()).doesNotContain(TOKEN.substring(0, 5));
    }

    @Test
    void neverSendsTheTokenToAServerThatAModelKeyNames() {
        int otherPort = other.getAddress().getPort();
        try (ModelFinder finder = TestComponents.create(new DeepaasModelFinderFactory(), "secured",
                Map.of("base_url", url, "token", TOKEN, "max_retries", 0))) {
            assertThatThrownBy(() -> finder.find(ModelKey.of("deepaas://127.0.0.1:" + otherPort + "/demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("DEEPaaS at http://127.0.0.1:" + otherPort + " answered HTTP 401: reading the"
                            + " metadata of model 'demo' failed: {\"message\":\"bad credentials: null\"}");
            assertThatThrownBy(() -> finder.find(ModelKey.of("deepaas:/demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageNotContaining(TOKEN);
        }
        assertThat(otherAuthorizations).containsExactly("null");
        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void keepsTheTokenOutOfTheSettingsToString() {
        var settings = DeepaasOptions.settings(MapTangoConfig.of(Map.of("base_url", url, "token", TOKEN)));
        assertThat(settings.credentials()).isPresent();
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("token ****");
    }

    @Test
    void refusesATokenWithoutABaseUrlWithoutShowingIt() {
        String path = "model_management.initializers.default.config";
        assertThatThrownBy(() -> new DeepaasModelInitializerFactory().create(
                MapTangoConfig.of(path, Map.of("token", TOKEN), Set.of("token")), "default"))
                .isExactlyInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(path + ".token: is sent only to the server of base_url: set base_url too")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void refusesABaseUrlWithAPasswordWithoutShowingIt() {
        String path = "model_management.registries.deepaas.config";
        assertThatThrownBy(() -> new DeepaasRegistryConnectorFactory().create(MapTangoConfig.of(path,
                Map.of("base_url", "http://user:" + PASSWORD + "@127.0.0.1:5000"), Set.of()), "deepaas"))
                .isExactlyInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'http://****@127.0.0.1:5000' must have no user info, query or fragment, e.g."
                        + " http://127.0.0.1:5000 (a token goes in the 'token' option)")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void refusesAModelKeyWithAPasswordWithoutShowingIt() {
        try (ModelFinder finder = TestComponents.create(new DeepaasModelFinderFactory(), "plain", Map.of())) {
            assertThatThrownBy(() -> finder.find(ModelKey.of("deepaas://user:" + PASSWORD + "@127.0.0.1:5000/demo")))
                    .isExactlyInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("model key 'deepaas://****@127.0.0.1:5000/demo' does not name a server:")
                    .hasMessageNotContaining(PASSWORD);
        }
    }
}
