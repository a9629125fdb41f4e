package io.tango.bench.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.tango.api.deploy.Deployment;
import io.tango.bench.BenchConfig;
import io.tango.bench.model.LinearOnnxModel;
import io.tango.runtime.TangoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC load generator against a real TANGO gRPC server: the linear model served by target local with
 * {@code grpc_port=0}, as {@code OipServingMain} serves it, loaded for about a second. Asserts what was answered and
 * whether it was right, never how fast.
 */
class GrpcLoadSmokeTest {
    @TempDir
    static Path work;

    private static TangoRuntime runtime;
    private static ManagedChannel channel;

    @BeforeAll
    static void serveTheLinearModelOverGrpc() {
        Path model = LinearOnnxModel.write(work.resolve("linear.onnx"));
        runtime = TangoRuntime.builder()
                .configYaml(BenchConfig.deployments(work.resolve("store")))
                .environment(Map.of())
                .build();
        Deployment deployment = runtime.deploymentClient("local").createDeployment("linear", model.toString(),
                Optional.empty(), Map.of("serve", "true", "grpc_port", "0"));
        int port = Integer.parseInt(deployment.details().get("grpc_port"));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        runtime.close();
    }

    @Test
    void loadsTangosGrpcPortAndChecksEveryAnswer() throws Exception {
        GrpcLoadResult result = new GrpcLoad(channel, "linear").run(4, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(result.firstProblem()).isNull();
        assertThat(result.errors()).isZero();
        assertThat(result.wrong()).isZero();
        assertThat(result.calls()).isPositive();
        assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis()).isPositive();
        assertThat(result.json()).startsWith("{\"concurrency\": 4, \"seconds\": 1.000, \"calls\": " + result.calls() + ",");
    }

    @Test
    void loadsNothingWhenTheFirstCallFails() throws Exception {
        GrpcLoadResult result = new GrpcLoad(channel, "nope").run(1, Duration.ZERO, Duration.ofMillis(200));

        assertThat(result.calls()).isZero();
        assertThat(result.errors()).isEqualTo(1);
        assertThat(result.firstProblem()).startsWith("the first call failed: io.grpc.StatusRuntimeException: NOT_FOUND")
                .contains("nope");
    }
}
