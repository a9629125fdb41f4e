package io.tango.plugin.mlflow.client;

import io.tango.toolkit.http.HttpTransport;

import io.tango.toolkit.http.RetrySettings;

import io.tango.toolkit.http.HttpAuth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.Blob;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultCampaign;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.resource.OwnedResources;
import io.tango.testkit.resource.ResourceBaseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand calls (registry reads, artifact reads, predictions) against a server that misbehaves in every way it
 * can, eight at a time, from clients opened and closed along the way: each call ends within its timeout with an answer
 * or a typed error (an answer is the exact registered model, artifact or predictions served), and once the clients are
 * closed their threads (named {@code tango-mlflow-http-*}) and their connections to the server are gone. The JDK 17
 * {@code HttpClient}'s selector thread and epoll descriptors are named after no client, so they are not counted.
 */
class MlflowResourceTest {
    private static final int CALLS = 1_000;
    private static final int CALLERS = 8;
    private static final int CALLS_PER_CLIENT = 25;
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final RetrySettings RETRIES = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20));
    /** Two Iris rows, a setosa and a virginica, in MLflow's scoring format. */
    private static final String ROWS = "{\"inputs\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}";
    /**
     * The proper answer to every kind of call, since the server answers by the order of requests, not their path: the
     * registered model a registry read wants, and the predictions of {@link #ROWS}; an artifact read gets it verbatim.
     */
    private static final String ANSWER = "{\"registered_model\": {\"name\": \"iris\"}, \"predictions\": [0, 2]}";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How the toolkit's {@code HttpTransport} names plugin-mlflow's its executors' threads. */
    private static final String THREADS = "tango-mlflow-http-";
    /**
     * Shorter than the 60 s a cached thread pool keeps an idle thread: a client never closed still has its threads
     * when the check gives up.
     */
    private static final Duration RETURN_DEADLINE = Duration.ofSeconds(30);

    /** One of each misbehaviour, and proper answers, in the proportions the faulted calls meet them. */
    private static final List<Fault> FAULTS = Fault.everyKind(Fault.json(ANSWER));
    /** What an artifact read or a prediction hands over as it came: they do not read the body they return. */
    private static final List<String> OK_BODIES = Fault.okBodies(FAULTS);

    /** The three kinds of call, by their share of the calls. */
    private enum Call { REGISTRY_READ, ARTIFACT_READ, PREDICTION }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aThousandFaultedCallsEndTypedInTimeAndGiveBackEveryThreadAndConnection() throws Exception {
        try (FaultyHttpServer server = FaultyHttpServer.start(FAULTS.get(0))) {
            ResourceBaseline baseline = OwnedResources.of(List.of(THREADS), List.of(server.uri().getPort()), List.of())
                    .capture();

            FaultCampaign.Result result = FaultCampaign.run(server, FAULTS, CALLS, CALLERS, 20_260_109L,
                    (uri, calls, outcomes) -> callRepeatedly(uri, calls, outcomes));
            System.out.println(result.summary("mlflow"));
            assertThat(result.calls()).isEqualTo(CALLS);
            assertThat(result.outcomes().keySet()).allSatisfy(outcome -> assertThat(outcome)
                    .matches("REGISTRY_READ (answer|RemoteServiceException|OperationTimeoutException)"
                            + "|(ARTIFACT_READ|PREDICTION) (answer|200 fault|RemoteServiceException"
                            + "|OperationTimeoutException)"));
            assertThat(result.faulted()).isGreaterThan(CALLS);

            // Checked while the server still listens: the clients must have closed their connections themselves.
            ResourceBaseline after = baseline.awaitReturn(RETURN_DEADLINE, 0, 0);
            System.out.printf("RELIABILITY mlflow-resources: client threads and connections: baseline %s, after %s "
                    + "(JVM-wide, not checked: %s, then %s)%n", baseline, after, baseline.jvmTotals(), after.jvmTotals());
        }
    }

    private static MlflowConnection connection(URI server) {
        return new MlflowConnection(server, new HttpAuth.Bearer("resource-test-token"), TIMEOUT, TIMEOUT,
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
                    proxy = new MlflowScoringServerProxy(server, HttpAuth.none(), TIMEOUT, TIMEOUT, RETRIES);
                }
                Call kind = Call.values()[call % Call.values().length];
                long start = System.nanoTime();
                String outcome;
                try {
                    outcome = call(kind, tracking, proxy);
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

    /** @return {@code answer} for the proper answer, its values checked, or {@code 200 fault} for a faulted body */
    private static String call(Call kind, MlflowTrackingClient tracking, MlflowScoringServerProxy proxy) {
        return switch (kind) {
            case REGISTRY_READ -> {
                assertThat(tracking.registeredModel("iris").path("name").asText()).isEqualTo("iris");
                yield "answer";
            }
            case ARTIFACT_READ -> handedOver(new ArtifactDownloader(tracking, 1 << 16).readText("m/MLmodel"));
            case PREDICTION -> {
                Blob answer = proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", ROWS));
                String outcome = handedOver(answer.asUtf8());
                if (outcome.equals("answer")) {
                    assertThat(predictions(answer)).containsExactly(0, 2);
                }
                yield outcome;
            }
        };
    }

    private static String handedOver(String body) {
        if (body.equals(ANSWER)) {
            return "answer";
        }
        assertThat(body).as("a body the server never sent").isIn(OK_BODIES);
        return "200 fault";
    }

    private static List<Integer> predictions(Blob answer) {
        try {
            List<Integer> predictions = new ArrayList<>();
            JSON.readTree(answer.bytes()).path("predictions").forEach(prediction -> predictions.add(prediction.intValue()));
            return predictions;
        } catch (IOException e) {
            throw new UncheckedIOException("the scoring answer is not JSON", e);
        }
    }
}
