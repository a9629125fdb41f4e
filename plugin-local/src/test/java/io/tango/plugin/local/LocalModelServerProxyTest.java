package io.tango.plugin.local;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.resource.OwnedResources;
import io.tango.testkit.resource.ResourceBaseline;
import io.tango.toolkit.http.HttpOptions;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The LOCAL model server proxy over tango-plugin-toolkit's transport, against a real HTTP server that misbehaves on
 * cue: every answer capped, one deadline per call, GETs retried, predictions sent once, threads released on close.
 */
class LocalModelServerProxyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final RetrySettings RETRIES = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50));
    private static final Blob ROW = Blob.ofUtf8("application/json", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");

    private FaultyHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = FaultyHttpServer.start(Fault.json("{\"predictions\": [0]}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LocalModelServerProxy proxy(long maxResponseSize) {
        return new LocalModelServerProxy(server.uri(), new HttpSettings(TIMEOUT, TIMEOUT, RETRIES, maxResponseSize));
    }

    private String service() {
        return "scoring server at " + server.uri();
    }

    @Test
    void aPredictionOverTheCapIsATypedErrorNamingTheCapAndItsOption() {
        server.enqueue(Fault.json("{\"predictions\": [" + "0, ".repeat(200) + "2]}"));
        try (LocalModelServerProxy proxy = proxy(128)) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, ROW))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service() + " answered HTTP 200: the answer to POST /invocations is over the size cap"
                            + " of 128 bytes; raise the option max_response_size to accept it")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        }
    }

    @Test
    void theFactoryReadsTheCapFromMaxResponseSize() {
        server.enqueue(Fault.answer(200, "text/plain", "2.".repeat(100)));
        Map<String, Object> config = Map.of("url", server.uri().toString(), "max_response_size", "64");
        try (ModelServerProxy proxy = new LocalModelServerProxyFactory().create(MapTangoConfig.of(config), "local")) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.METADATA, Blob.ofUtf8("text/plain", "")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service() + " answered HTTP 200: the answer to GET /version is over the size cap"
                            + " of 64 bytes; raise the option max_response_size to accept it");
        }
    }

    @Test
    void theFactoryDeclaresTheToolkitsHttpOptionsBesideTheUrl() {
        assertThat(new LocalModelServerProxyFactory().options())
                .map(option -> option.key())
                .containsExactly("url", "connect_timeout", "timeout", "max_retries", "retry_delay", "max_retry_delay",
                        "max_response_size");
        assertThat(new LocalModelServerProxyFactory().options()).containsAll(HttpOptions.all());
    }

    @Test
    void aSilentServerEndsTheCallAtTheTimeout() {
        server.fallback(Fault.neverAnswer());
        try (LocalModelServerProxy proxy = proxy(1 << 20)) {
            assertTimeoutPreemptively(TIMEOUT.plusSeconds(5), () ->
                    assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, ROW))
                            .isExactlyInstanceOf(OperationTimeoutException.class)
                            .hasMessage(service() + " did not answer POST /invocations within 2s"));
        }
    }

    @Test
    void aPingAnswered503IsRetriedUntilTheServerIsReady() {
        server.enqueue(Fault.serverError(), Fault.answer(200, "text/plain", "\n"));
        try (LocalModelServerProxy proxy = proxy(1 << 20)) {
            assertThat(proxy.ping()).isTrue();
        }
        assertThat(server.requestLines()).containsExactly("GET /ping HTTP/1.1", "GET /ping HTTP/1.1");
    }

    @Test
    void aPingStillAnswered503AfterTheRetriesIsARetriableError() {
        server.fallback(Fault.serverError());
        try (LocalModelServerProxy proxy = proxy(1 << 20)) {
            assertThatThrownBy(proxy::ping)
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service() + " answered HTTP 503 TEMPORARILY_UNAVAILABLE: try again (GET /ping)")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
        }
        assertThat(server.requestCount()).isEqualTo(1 + RETRIES.maxRetries());
    }

    @Test
    void aPredictionAnswered503IsSentOnceAndReportedRetriable() {
        server.enqueue(Fault.serverError());
        try (LocalModelServerProxy proxy = proxy(1 << 20)) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, ROW))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service() + " answered HTTP 503 TEMPORARILY_UNAVAILABLE: try again (POST /invocations)")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
        }
        assertThat(server.requestLines()).containsExactly("POST /invocations HTTP/1.1");
    }

    @Test
    void aPredictionCutOffMidAnswerIsNotSentAgain() {
        server.enqueue(Fault.closeMidResponse());
        try (LocalModelServerProxy proxy = proxy(1 << 20)) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, ROW))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith(service() + " failed: cannot reach it for POST /invocations: ");
        }
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void closeStopsTheThreadsTheProxyStarted() {
        OwnedResources owned = OwnedResources.of(List.of(LocalModelServerProxy.THREAD_PREFIX), List.of(), List.of());
        ResourceBaseline baseline = owned.capture();
        LocalModelServerProxy proxy = proxy(1 << 20);
        assertThat(proxy.invoke(RequestType.PREDICT, ROW).size()).isPositive();
        assertThat(owned.capture().newThreadsSince(baseline)).isNotEmpty();

        proxy.close();
        proxy.close();

        baseline.awaitReturn(Duration.ofSeconds(30), 0, 0);
    }
}
