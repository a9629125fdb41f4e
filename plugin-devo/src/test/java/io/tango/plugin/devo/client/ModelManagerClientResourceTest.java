package io.tango.plugin.devo.client;

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
import io.tango.testkit.resource.OwnedResources;
import io.tango.testkit.resource.ResourceBaseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand calls against a server that misbehaves in every way it can, eight at a time, from clients opened and
 * closed along the way: each call ends within its timeout with models or a typed error, and once the clients are
 * closed their threads (named {@code tango-devo-http-*}) and their connections to the server are gone. The JDK 17
 * {@code HttpClient}'s selector thread and epoll descriptors are named after no client, so they are not counted.
 */
class ModelManagerClientResourceTest {
    private static final int CALLS = 1_000;
    private static final int CALLERS = 8;
    private static final int CALLS_PER_CLIENT = 25;
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final RetrySettings RETRIES = new RetrySettings(3, Duration.ofMillis(5), Duration.ofMillis(20));
    private static final String MODELS = "[{\"name\":\"iris\",\"engine\":\"ONNX\"}]";
    /** How the toolkit's {@code HttpTransport} names plugin-devo's executor threads. */
    private static final String THREADS = "tango-devo-http-";
    /**
     * Shorter than the 60 s a cached thread pool keeps an idle thread: a client never closed still has its threads
     * when the check gives up.
     */
    private static final Duration RETURN_DEADLINE = Duration.ofSeconds(30);

    /** One of each misbehaviour, and proper answers, in the proportions the faulted calls meet them. */
    private static final List<Fault> FAULTS = Fault.everyKind(Fault.json(MODELS));

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aThousandFaultedCallsEndTypedInTimeAndGiveBackEveryThreadAndConnection() throws Exception {
        try (FaultyHttpServer server = FaultyHttpServer.start(FAULTS.get(0))) {
            ResourceBaseline baseline = OwnedResources.of(List.of(THREADS), List.of(server.uri().getPort()), List.of())
                    .capture();

            FaultCampaign.Result result = FaultCampaign.run(server, FAULTS, CALLS, CALLERS, 20_260_101L,
                    (uri, calls, outcomes) -> callRepeatedly(uri + "/mlmodelmanager", calls, outcomes));
            System.out.println(result.summary("devo"));
            assertThat(result.calls()).isEqualTo(CALLS);
            assertThat(result.outcomes().keySet())
                    .containsOnly("models", "ModelManagerException", "OperationTimeoutException");
            assertThat(result.faulted()).isGreaterThan(CALLS);

            // Checked while the server still listens: the clients must have closed their connections themselves.
            ResourceBaseline after = baseline.awaitReturn(RETURN_DEADLINE, 0, 0);
            System.out.printf("RELIABILITY devo-resources: client threads and connections: baseline %s, after %s "
                    + "(JVM-wide, not checked: %s, then %s)%n", baseline, after, baseline.jvmTotals(), after.jvmTotals());
        }
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
}
