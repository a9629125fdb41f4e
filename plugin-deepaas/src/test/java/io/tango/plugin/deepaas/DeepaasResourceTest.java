package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.ModelKey;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.plugin.deepaas.client.Json;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultCampaign;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.resource.OwnedResources;
import io.tango.testkit.resource.ResourceBaseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * within its timeout with the exact metadata or predictions served, or a typed error, and once the components are closed
 * their threads (named {@code tango-deepaas-<kind>-resources-*}) and their connections to the server are gone. The JDK
 * 17 {@code HttpClient}'s selector thread and epoll descriptors are named after no component, so they are not counted.
 */
class DeepaasResourceTest {
    private static final int CALLS = 1_000;
    private static final int CALLERS = 8;
    private static final int CALLS_PER_COMPONENT = 25;
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final Duration SLACK = Duration.ofSeconds(5);
    /**
     * The proper answer to both kinds of call, since the server answers by the order of requests, not their path: the
     * model's metadata, and its predictions.
     */
    private static final String ANSWER = "{\"id\":\"demo\",\"name\":\"demo\",\"links\":[{\"rel\":\"self\","
            + "\"href\":\"/v2/models/demo/\"}],\"predictions\":[\"setosa\",\"virginica\"]}";
    /** How the registry connector's and the proxy's {@code DeepaasServers} name their threads (instance "resources"). */
    private static final List<String> THREADS = List.of("tango-deepaas-registry-resources-",
            "tango-deepaas-server-resources-");
    /**
     * Shorter than the 60 s a cached thread pool keeps an idle thread: a component never closed still has its threads
     * when the check gives up.
     */
    private static final Duration RETURN_DEADLINE = Duration.ofSeconds(30);

    /** One of each misbehaviour (and invalid JSON), and proper answers, in the proportions the calls meet them. */
    private static final List<Fault> FAULTS = Stream.concat(Fault.everyKind(Fault.json(ANSWER)).stream(),
            Stream.of(Fault.json("{'not': json}"))).toList();
    /** What a prediction hands over as it came: it does not read the body it returns. */
    private static final List<String> OK_BODIES = Fault.okBodies(FAULTS);

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aThousandFaultedCallsEndTypedInTimeAndGiveBackEveryThreadAndConnection() throws Exception {
        try (FaultyHttpServer server = FaultyHttpServer.start(FAULTS.get(0))) {
            ResourceBaseline baseline = OwnedResources.of(THREADS, List.of(server.uri().getPort()), List.of()).capture();

            FaultCampaign.Result result = FaultCampaign.run(server, FAULTS, CALLS, CALLERS, 20_261_123L,
                    (uri, calls, outcomes) -> callRepeatedly(uri.toString(), calls, outcomes));
            System.out.println(result.summary("deepaas"));
            assertThat(result.calls()).isEqualTo(CALLS);
            assertThat(result.outcomes().keySet()).allSatisfy(outcome -> assertThat(outcome)
                    .matches("metadata (ok|RemoteServiceException|OperationTimeoutException)"
                            + "|predict (ok|200 fault|RemoteServiceException|OperationTimeoutException)"));
            assertThat(result.faulted()).isGreaterThanOrEqualTo(CALLS);

            // Checked while the server still listens: the components must have closed their connections themselves.
            ResourceBaseline after = baseline.awaitReturn(RETURN_DEADLINE, 0, 0);
            System.out.printf("RELIABILITY deepaas-resources: component threads and connections: baseline %s, after %s "
                    + "(JVM-wide, not checked: %s, then %s)%n", baseline, after, baseline.jvmTotals(), after.jvmTotals());
        }
    }

    private static void callRepeatedly(String url, AtomicInteger calls, Map<String, LongAdder> outcomes)
            throws IOException {
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
                    outcome = predict ? predict(proxy) : readMetadata(registry);
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

    /** @return {@code ok} for the proper answer, its predictions checked, or {@code 200 fault} for a faulted body */
    private static String predict(DeepaasModelServerProxy proxy) throws IOException {
        Blob answer = proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}"));
        if (!answer.asUtf8().equals(ANSWER)) {
            assertThat(answer.asUtf8()).as("a body the server never sent").isIn(OK_BODIES);
            return "200 fault";
        }
        assertThat(Json.toJava(Json.parse(answer.bytes()).path("predictions"))).isEqualTo(List.of("setosa", "virginica"));
        return "ok";
    }

    private static String readMetadata(DeepaasRegistryConnector registry) throws IOException {
        assertThat(registry.nativeMetadata(ModelKey.of("demo")))
                .isEqualTo(Json.toMap(Json.parse(ANSWER.getBytes(StandardCharsets.UTF_8))));
        return "ok";
    }
}
