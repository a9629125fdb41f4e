package io.tango.plugin.devo.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.tango.api.OperationTimeoutException;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultCampaign;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.resource.ResourceBaseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand calls against a server that misbehaves in every way it can, eight at a time, from clients opened and
 * closed along the way: each call ends within its timeout with models or a typed error, and once the clients and the
 * server are closed the JVM's threads and file descriptors are back to where they were.
 */
class ModelManagerClientResourceTest {
    private static final int CALLS = 1_000;
    private static final int CALLERS = 8;
    private static final int CALLS_PER_CLIENT = 25;
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final RetrySettings RETRIES = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20));
    private static final String MODELS = "[{\"name\":\"iris\",\"engine\":\"ONNX\"}]";

    /** One of each misbehaviour, and proper answers, in the proportions the faulted calls meet them. */
    private static final List<Fault> FAULTS = Fault.everyKind(Fault.json(MODELS));

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aThousandFaultedCallsEndTypedInTimeAndGiveBackEveryThreadAndFile() throws Exception {
        ResourceBaseline beforeWarmUp = ResourceBaseline.capture();
        warmUp();
        // The warm-up loaded classes (and opened their jars); its HTTP client's selector must be gone.
        ResourceBaseline baseline = beforeWarmUp.awaitReturn(Duration.ofSeconds(30), 0, 20);

        FaultCampaign.Result result = FaultCampaign.run(FAULTS, CALLS, CALLERS, 20_260_101L,
                (server, calls, outcomes) -> callRepeatedly(server + "/mlmodelmanager", calls, outcomes));
        System.out.println(result.summary("devo"));
        assertThat(result.calls()).isEqualTo(CALLS);
        assertThat(result.outcomes().keySet()).containsOnly("models", "ModelManagerException", "OperationTimeoutException");
        assertThat(result.faulted()).isGreaterThan(CALLS);

        // One unclosable JDK 17 HttpClient may still wait for the garbage collector; the rest must be gone.
        ResourceBaseline after = baseline.awaitReturn(Duration.ofSeconds(60),
                ResourceBaseline.HTTP_CLIENT_THREADS, ResourceBaseline.HTTP_CLIENT_FILES);
        System.out.printf("RELIABILITY devo-resources: baseline %s, after %s%n", baseline, after);
    }

    private static void callRepeatedly(String url, AtomicInteger calls, Map<String, LongAdder> outcomes) {
        ModelManagerClient client = null;
        try {
            for (int call = calls.getAndIncrement(); call < CALLS; call = calls.getAndIncrement()) {
                if (client == null || call % CALLS_PER_CLIENT == 0) {
                    if (client != null) {
                        client.close();
                    }
                    client = DevoModelManagerClient.builder(url, "resource-test-token")
                            .timeout(TIMEOUT).retries(RETRIES).build();
                }
                long start = System.nanoTime();
                String outcome;
                try {
                    assertThat(client.getModels()).extracting(DevoModel::name).containsExactly("iris");
                    outcome = "models";
                } catch (ModelManagerException | OperationTimeoutException e) {
                    outcome = e.getClass().getSimpleName();
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).as("call %d took %d ms (%s)", call, millis, outcome)
                        .isLessThanOrEqualTo(TIMEOUT.plus(SLACK).toMillis());
                outcomes.computeIfAbsent(outcome, key -> new LongAdder()).increment();
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** Every fault once, so that classes are loaded before the baseline is taken. */
    private static void warmUp() throws IOException {
        try (FaultyHttpServer server = FaultyHttpServer.start(Fault.json(MODELS));
                ModelManagerClient client = DevoModelManagerClient.builder(server.uri() + "/mlmodelmanager", "warm-up")
                        .timeout(TIMEOUT).retries(RETRIES).build()) {
            for (Fault fault : FAULTS) {
                server.enqueue(fault);
                try {
                    client.getModels();
                } catch (ModelManagerException | OperationTimeoutException e) {
                    // expected: each fault once
                }
            }
        }
    }
}
