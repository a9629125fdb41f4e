package io.tango.testkit.fault;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultCampaignTest {
    private static final List<Fault> FAULTS = List.of(Fault.json("{}"), Fault.serverError());

    @Test
    void countsEveryCallOnceAndTheRequestsAnsweredWithAFault() throws Exception {
        HttpClient client = HttpClient.newHttpClient();

        FaultCampaign.Result result = FaultCampaign.run(FAULTS, 200, 4, 42L, (server, calls, outcomes) -> {
            while (calls.getAndIncrement() < 200) {
                int status = client.send(HttpRequest.newBuilder(server.resolve("/x")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                outcomes.computeIfAbsent("HTTP " + status, name -> new java.util.concurrent.atomic.LongAdder())
                        .increment();
            }
        });

        assertThat(result.calls()).isEqualTo(200);
        assertThat(result.requests()).isEqualTo(200);
        assertThat(result.outcomes()).containsOnlyKeys("HTTP 200", "HTTP 503");
        assertThat(result.faulted()).isEqualTo(result.outcomes().get("HTTP 503"));
        assertThat(result.summary("test")).isEqualTo("RELIABILITY test-faults: 200 calls, 200 requests, "
                + result.faulted() + " answered with a fault, outcomes {HTTP 200=" + result.outcomes().get("HTTP 200")
                + ", HTTP 503=" + result.outcomes().get("HTTP 503") + "}");
    }

    @Test
    void failsWhenACallerFails() {
        assertThatThrownBy(() -> FaultCampaign.run(FAULTS, 10, 2, 42L, (server, calls, outcomes) -> {
            throw new IOException("the caller broke");
        })).hasRootCauseMessage("the caller broke");
    }

    @Test
    void refusesAnEmptyListOfFaults() {
        assertThatThrownBy(() -> FaultCampaign.run(List.of(), 10, 2, 42L, (server, calls, outcomes) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("faults is empty: give the proper answer first, then the faults");
    }

    @Test
    void keepsAResultsOutcomesUnmodifiable() {
        FaultCampaign.Result result = new FaultCampaign.Result(1, 1, 0, Map.of("ok", 1L));

        assertThatThrownBy(() -> result.outcomes().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
