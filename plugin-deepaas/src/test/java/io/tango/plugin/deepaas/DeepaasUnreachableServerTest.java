package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingRequest;
import io.tango.testkit.fault.RefusingPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A DEEPaaS server that is down (nothing listens: connection refused), one that accepts connections but never
 * answers (a socket that reads nothing), and one that hangs up on every connection: every call ends within its
 * timeout with a typed error, and only GETs are retried.
 */
class DeepaasUnreachableServerTest {
    private static ServerSocket silent;
    private static ServerSocket hangingUp;
    private static Thread silentAcceptor;
    private static Thread hangingUpAcceptor;
    private static final List<Socket> ACCEPTED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger HUNG_UP = new AtomicInteger();
    /** A port that refuses connections; bound for each test, so no other process can take it and answer. */
    private RefusingPort down;

    @BeforeEach
    void bindARefusingPort() {
        down = RefusingPort.open();
    }

    @AfterEach
    void releaseTheRefusingPort() {
        down.close();
    }

    @BeforeAll
    static void openSockets() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        silentAcceptor = acceptor(silent, "silent-server", ACCEPTED::add);
        hangingUp = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        hangingUpAcceptor = acceptor(hangingUp, "hanging-up-server", socket -> {
            HUNG_UP.incrementAndGet();
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Thread acceptor(ServerSocket server, String name, Consumer<Socket> onAccept) {
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    onAccept.accept(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @AfterAll
    static void closeSockets() throws IOException, InterruptedException {
        silent.close();
        hangingUp.close();
        for (Socket socket : ACCEPTED) {
            socket.close();
        }
        silentAcceptor.join(Duration.ofSeconds(5).toMillis());
        hangingUpAcceptor.join(Duration.ofSeconds(5).toMillis());
    }

    @Test
    void retriesAGetMaxRetriesTimes() {
        int once = hangUpsOfMetadataCall(0);
        int thrice = hangUpsOfMetadataCall(2);

        // the JDK client itself may reconnect once within an attempt; the plugin's retries multiply that
        assertThat(once).isPositive();
        assertThat(thrice).isEqualTo(3 * once);
    }

    @Test
    void neverRetriesAPrediction() {
        String url = "http://127.0.0.1:" + hangingUp.getLocalPort();
        try (DeepaasModelServerProxy proxy = (DeepaasModelServerProxy) TestComponents.create(
                new DeepaasModelServerProxyFactory(), "hanging-up",
                Map.of("base_url", url, "model", "demo", "max_retries", 2, "retry_delay", "10ms"))) {
            int before = HUNG_UP.get();

            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isInstanceOfSatisfying(RemoteServiceException.class, remote -> assertThat(remote.isRetriable()).isTrue());

            assertThat(HUNG_UP.get() - before).isEqualTo(1);
        }
    }

    private static int hangUpsOfMetadataCall(int maxRetries) {
        String url = "http://127.0.0.1:" + hangingUp.getLocalPort();
        try (DeepaasModelServerProxy proxy = (DeepaasModelServerProxy) TestComponents.create(
                new DeepaasModelServerProxyFactory(), "hanging-up",
                Map.of("base_url", url, "model", "demo", "max_retries", maxRetries, "retry_delay", "10ms"))) {
            int before = HUNG_UP.get();
            assertThatThrownBy(() -> proxy.invoke(RequestType.METADATA, Blob.of("application/json", new byte[0])))
                    .isInstanceOfSatisfying(RemoteServiceException.class, remote -> {
                        assertThat(remote.isRetriable()).isTrue();
                        assertThat(remote.httpStatus()).isEmpty();
                    });
            return HUNG_UP.get() - before;
        }
    }

    @Test
    void reportsAServerThatIsDownAsARetriableRemoteError() {
        String url = down.url("").toString();
        try (ModelFinder finder = TestComponents.create(new DeepaasModelFinderFactory(), "down",
                Map.of("max_retries", 1, "retry_delay", "50ms"))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> finder.find(ModelKey.of("deepaas://" + url.substring("http://".length()) + "/demo")))
                    .isInstanceOfSatisfying(RemoteServiceException.class, remote -> {
                        assertThat(remote.isRetriable()).isTrue();
                        assertThat(remote.httpStatus()).isEmpty();
                        assertThat(remote.service()).isEqualTo("DEEPaaS at " + url);
                    })
                    .hasMessageStartingWith("DEEPaaS at " + url + " failed: reading the metadata of model 'demo' failed:"
                            + " cannot reach it for GET /v2/models/demo/: ConnectException");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void reportsAServerThatIsDownToTheTrainer() {
        String url = down.url("").toString();
        try (ModelTrainer trainer = TestComponents.create(new DeepaasModelTrainerFactory(), "down",
                Map.of("base_url", url, "max_retries", 0))) {
            assertThatThrownBy(() -> trainer.train(TrainingRequest.of("demo", Map.of())))
                    .isInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith("DEEPaaS at " + url + " failed: reading the OpenAPI description failed:"
                            + " cannot reach it for GET /swagger.json: ConnectException");
        }
    }

    @Test
    void timesOutAGetOnAServerThatNeverAnswers() {
        String url = "http://127.0.0.1:" + silent.getLocalPort();
        try (DeepaasRegistryConnector registry = (DeepaasRegistryConnector) TestComponents.create(
                new DeepaasRegistryConnectorFactory(), "silent", Map.of("base_url", url, "timeout", "300ms"))) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isInstanceOfSatisfying(OperationTimeoutException.class,
                            timeout -> assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(300)))
                    .hasMessage("DEEPaaS at " + url + ": reading the metadata of model 'demo' failed: did not answer"
                            + " GET /v2/models/demo/ within 300ms");
            // the timeout, plus the slack a loaded machine needs; a call that ignored it would hang for good
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300).plusSeconds(5));
        }
    }

    @Test
    void timesOutAPredictionOnAServerThatNeverAnswers() {
        String url = "http://127.0.0.1:" + silent.getLocalPort();
        try (DeepaasModelServerProxy proxy = (DeepaasModelServerProxy) TestComponents.create(
                new DeepaasModelServerProxyFactory(), "silent", Map.of("base_url", url, "model", "demo", "timeout", "300ms"))) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isInstanceOf(OperationTimeoutException.class)
                    .hasMessage("DEEPaaS at " + url + ": predict with model 'demo' failed: did not answer"
                            + " POST /v2/models/demo/predict/ within 300ms");
        }
    }
}
