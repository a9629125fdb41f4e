package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.ModelKey;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultCampaign;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.resource.ResourceBaseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thousand calls (metadata reads, retried, and predictions, never retried) against a DEEPaaS stand-in that
 * misbehaves in every way it can, eight at a time, from components opened and closed along the way: each call ends
 * within its timeout with an answer or a typed error, and once the components and the server are closed the JVM's
 * threads and file descriptors are back to where they were.
 */
class DeepaasResourceTest {
    private static final int CALLS = 1_000;
    private static final int CALLERS = 8;
    private static final int CALLS_PER_COMPONENT = 25;
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration SLACK = Duration.ofSeconds(5);
    private static final String METADATA = DeepaasFaultTest.METADATA;

    /** One of each misbehaviour (and invalid JSON), and proper answers, in the proportions the calls meet them. */
    private static final List<Fault> FAULTS = Stream.concat(Fault.everyKind(Fault.json(METADATA)).stream(),
            Stream.of(Fault.json("{'not': json}"))).toList();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aThousandFaultedCallsEndTypedInTimeAndGiveBackEveryThreadAndFile() throws Exception {
        ResourceBaseline beforeWarmUp = ResourceBaseline.capture();
        warmUp();
        // The warm-up loaded classes (and opened their jars); its HTTP clients' selectors must be gone.
        ResourceBaseline baseline = beforeWarmUp.awaitReturn(Duration.ofSeconds(30), 0, 20);

        FaultCampaign.Result result = FaultCampaign.run(FAULTS, CALLS, CALLERS, 20_261_123L,
                (server, calls, outcomes) -> callRepeatedly(server.toString(), calls, outcomes));
        System.out.println(result.summary("deepaas"));
        assertThat(result.calls()).isEqualTo(CALLS);
        assertThat(result.outcomes().keySet()).allMatch(outcome -> outcome.endsWith(" ok")
                || outcome.endsWith(" RemoteServiceException") || outcome.endsWith(" OperationTimeoutException"));
        assertThat(result.faulted()).isGreaterThanOrEqualTo(CALLS);

        // One unclosable JDK 17 HttpClient may still wait for the garbage collector; the rest must be gone.
        ResourceBaseline after = baseline.awaitReturn(Duration.ofSeconds(60),
                ResourceBaseline.HTTP_CLIENT_THREADS, ResourceBaseline.HTTP_CLIENT_FILES);
        System.out.printf("RELIABILITY deepaas-resources: baseline %s, after %s%n", baseline, after);
    }

    private static void callRepeatedly(String url, AtomicInteger calls, Map<String, LongAdder> outcomes) {
        DeepaasRegistryConnector registry = null;
        DeepaasModelServerProxy proxy = null;
        try {
            for (int call = calls.getAndIncrement(); call < CALLS; call = calls.getAndIncrement()) {
                if (registry == null || call % CALLS_PER_COMPONENT == 0) {
                    if (registry != null) {
                        registry.close();
                        proxy.close();
                    }
                    Map<String, Object> config = Map.of("base_url", url, "model", "demo",
                            "timeout", TIMEOUT.toMillis() + "ms", "max_retries", 3,
                            "retry_delay", "5ms", "max_retry_delay", "20ms");
                    registry = (DeepaasRegistryConnector) TestComponents.create(
                            new DeepaasRegistryConnectorFactory(), "resources", config);
                    proxy = (DeepaasModelServerProxy) TestComponents.create(
                            new DeepaasModelServerProxyFactory(), "resources", config);
                }
                boolean predict = call % 3 == 0;
                long start = System.nanoTime();
                String outcome;
                try {
                    if (predict) {
                        proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}"));
                    } else {
                        assertThat(registry.nativeMetadata(ModelKey.of("demo"))).containsEntry("name", "demo");
                    }
                    outcome = "ok";
                } catch (RemoteServiceException | OperationTimeoutException e) {
                    outcome = e.getClass().getSimpleName();
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).as("call %d took %d ms (%s)", call, millis, outcome)
                        .isLessThanOrEqualTo(TIMEOUT.plus(SLACK).toMillis());
                outcomes.computeIfAbsent((predict ? "predict " : "metadata ") + outcome, key -> new LongAdder())
                        .increment();
            }
        } finally {
            if (registry != null) {
                registry.close();
                proxy.close();
            }
        }
    }

    /** Every fault once, so that classes are loaded before the baseline is taken. */
    private static void warmUp() throws IOException {
        try (FaultyHttpServer server = FaultyHttpServer.start(Fault.json(METADATA));
                DeepaasRegistryConnector registry = (DeepaasRegistryConnector) TestComponents.create(
                        new DeepaasRegistryConnectorFactory(), "warm-up", Map.of("base_url", server.uri().toString(),
                                "timeout", TIMEOUT.toMillis() + "ms", "max_retries", 0))) {
            for (Fault fault : FAULTS) {
                server.enqueue(fault);
                try {
                    registry.nativeMetadata(ModelKey.of("demo"));
                } catch (RemoteServiceException | OperationTimeoutException e) {
                    // expected: each fault once
                }
            }
        }
    }
}
