package io.tango.plugin.mlflow.client;

import io.tango.api.Blob;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultCampaign;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.resource.ResourceBaseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand calls (registry reads, artifact reads, predictions) against a server that misbehaves in every way it
 * can, eight at a time, from clients opened and closed along the way: each call ends within its timeout with an answer
 * or a typed error, and once the clients and the server are closed the JVM's threads and file descriptors are back to
 * where they were.
 */
class MlflowResourceTest {
    private static final int CALLS = 1_000;
    private static final int CALLERS = 8;
    private static final int CALLS_PER_CLIENT = 25;
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final RetrySettings RETRIES = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20));
    private static final String IRIS = "{\"registered_model\": {\"name\": \"iris\"}}";

    /** One of each misbehaviour, and proper answers, in the proportions the faulted calls meet them. */
    private static final List<Fault> FAULTS = Fault.everyKind(Fault.json(IRIS));

    /** The three kinds of call, by their share of the calls. */
    private enum Call { REGISTRY_READ, ARTIFACT_READ, PREDICTION }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aThousandFaultedCallsEndTypedInTimeAndGiveBackEveryThreadAndFile() throws Exception {
        ResourceBaseline beforeWarmUp = ResourceBaseline.capture();
        warmUp();
        // The warm-up loaded classes (and opened their jars); its HTTP clients' selectors must be gone.
        ResourceBaseline baseline = beforeWarmUp.awaitReturn(Duration.ofSeconds(30), 0, 20);

        FaultCampaign.Result result = FaultCampaign.run(FAULTS, CALLS, CALLERS, 20_260_109L,
                (server, calls, outcomes) -> callRepeatedly(server, calls, outcomes));
        System.out.println(result.summary("mlflow"));
        assertThat(result.calls()).isEqualTo(CALLS);
        assertThat(result.outcomes().keySet()).allSatisfy(outcome -> assertThat(outcome)
                .matches("(REGISTRY_READ|ARTIFACT_READ|PREDICTION) (answer|RemoteServiceException"
                        + "|OperationTimeoutException)"));
        assertThat(result.faulted()).isGreaterThan(CALLS);

        // One unclosable JDK 17 HttpClient may still wait for the garbage collector; the rest must be gone.
        ResourceBaseline after = baseline.awaitReturn(Duration.ofSeconds(60),
                ResourceBaseline.HTTP_CLIENT_THREADS, ResourceBaseline.HTTP_CLIENT_FILES);
        System.out.printf("RELIABILITY mlflow-resources: baseline %s, after %s%n", baseline, after);
    }

    private static MlflowConnection connection(URI server) {
        return new MlflowConnection(server, new MlflowCredentials.Bearer("resource-test-token"), TIMEOUT, TIMEOUT,
                TIMEOUT, RETRIES);
    }

    private static void callRepeatedly(URI server, AtomicInteger calls, Map<String, LongAdder> outcomes) {
        MlflowTrackingClient tracking = null;
        MlflowScoringServerProxy proxy = null;
        try {
            for (int call = calls.getAndIncrement(); call < CALLS; call = calls.getAndIncrement()) {
                if (tracking == null || call % CALLS_PER_CLIENT == 0) {
                    if (tracking != null) {
                        tracking.close();
                        proxy.close();
                    }
                    tracking = new MlflowTrackingClient(connection(server));
                    proxy = new MlflowScoringServerProxy(server, MlflowCredentials.none(), TIMEOUT, TIMEOUT, RETRIES);
                }
                Call kind = Call.values()[call % Call.values().length];
                long start = System.nanoTime();
                String outcome;
                try {
                    call(kind, tracking, proxy);
                    outcome = "answer";
                } catch (RemoteServiceException | OperationTimeoutException e) {
                    outcome = e.getClass().getSimpleName();
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).as("call %d (%s) took %d ms (%s)", call, kind, millis, outcome)
                        .isLessThanOrEqualTo(TIMEOUT.plus(SLACK).toMillis());
                outcomes.computeIfAbsent(kind + " " + outcome, key -> new LongAdder()).increment();
            }
        } finally {
            if (tracking != null) {
                tracking.close();
                proxy.close();
            }
        }
    }

    private static void call(Call kind, MlflowTrackingClient tracking, MlflowScoringServerProxy proxy) {
        switch (kind) {
            case REGISTRY_READ -> assertThat(tracking.registeredModel("iris").path("name").asText()).isEqualTo("iris");
            case ARTIFACT_READ -> assertThat(new ArtifactDownloader(tracking, 1 << 16).readText("m/MLmodel")).isNotEmpty();
            case PREDICTION -> assertThat(proxy.invoke(RequestType.PREDICT,
                    Blob.ofUtf8("application/json", "{\"inputs\": [[1.0]]}")).bytes()).isNotEmpty();
        }
    }

    /** Every fault once for every kind of call, so that classes are loaded before the baseline is taken. */
    private static void warmUp() throws IOException {
        try (FaultyHttpServer server = FaultyHttpServer.start(Fault.json(IRIS));
                MlflowTrackingClient tracking = new MlflowTrackingClient(connection(server.uri()));
                MlflowScoringServerProxy proxy = new MlflowScoringServerProxy(server.uri(), MlflowCredentials.none(),
                        TIMEOUT, TIMEOUT, RETRIES)) {
            for (Call kind : Call.values()) {
                for (Fault fault : FAULTS) {
                    server.enqueue(fault);
                    try {
                        call(kind, tracking, proxy);
                    } catch (RemoteServiceException | OperationTimeoutException e) {
                        // expected: each fault once
                    }
                }
            }
        }
    }
}
