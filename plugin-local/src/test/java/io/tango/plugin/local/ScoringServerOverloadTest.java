package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.plugin.local.server.ScoringServer;
import io.tango.plugin.local.server.ServingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A server whose only worker is busy and whose queue is full answers 503 at once, then recovers. */
class ScoringServerOverloadTest {
    private static final CountDownLatch gate = new CountDownLatch(1);
    private static final CountDownLatch entered = new CountDownLatch(1);
    private static ScoringServer server;

    /** Answers once its gate opens. */
    private static final class GatedModel implements TangoModel<TangoRequest, TangoRequest> {
        @Override
        public ModelDescriptor descriptor() {
            return ModelDescriptor.builder(ModelKey.of("gated"), "gated", "test").build();
        }

        @Override
        public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
            return request;
        }

        @Override
        public TangoRequest invoke(TangoRequest request) {
            entered.countDown();
            try {
                gate.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return request;
        }

        @Override
        public TangoResponse mapResponse(TangoRequest request) {
            return TangoResponse.of(Map.of("echo", request.inputs().get("x")));
        }
    }

    @BeforeAll
    static void start() {
        GatedModel model = new GatedModel();
        server = ScoringServer.start("gated", () -> model, new ServingSettings("127.0.0.1", 1, 0, 1 << 20), 0);
    }

    @AfterAll
    static void stop() {
        gate.countDown();
        server.close();
    }

    @Test
    void answers503WhenFullThenServesAgain() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(
                () -> Http.invoke(server.url(), "{\"inputs\": {\"x\": [1]}}"));
        assertThat(entered.await(1, TimeUnit.MINUTES)).isTrue();

        HttpResponse<String> refused = Http.invoke(server.url(), "{\"inputs\": {\"x\": [2]}}");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).isEqualTo("{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"the server is overloaded:"
                + " 1 requests are running and 0 waiting; retry later\"}");
        gate.countDown();
        assertThat(first.get(1, TimeUnit.MINUTES).body()).isEqualTo("{\"predictions\":[1]}");
        assertThat(invokeOnceFree("{\"inputs\": {\"x\": [3]}}").body()).isEqualTo("{\"predictions\":[3]}");
    }

    /**
     * The first caller has its answer a moment before the server frees the request's slot: ask again until the
     * server is free (a 503 meanwhile is the overload answer, not a failure), within a deadline.
     */
    private static HttpResponse<String> invokeOnceFree(String body) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> response = Http.invoke(server.url(), body);
        while (response.statusCode() == 503 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            response = Http.invoke(server.url(), body);
        }
        return response;
    }
}
