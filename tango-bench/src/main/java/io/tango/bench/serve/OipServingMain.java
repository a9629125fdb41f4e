package io.tango.bench.serve;

import io.tango.api.deploy.Deployment;
import io.tango.bench.BenchConfig;
import io.tango.runtime.TangoRuntime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Serves one model as a served deployment of target {@code local} on 127.0.0.1 until the process is stopped: MLflow's
 * scoring protocol at {@code /invocations/<name>}, the Open Inference Protocol over REST at {@code /v2/models/<name>}
 * and, given {@code grpc_port=N}, over gRPC. TANGO's side of the {@code serve}, {@code peers} and {@code grpc} phases.
 * A served deployment rather than {@code run-local}, because only a deployment has a name in the OIP paths and a gRPC
 * port; both run plugin-local's same Netty scoring server. Every {@code key=value} argument is deployment config, so
 * dynamic batching is a command-line choice ({@code max_batch_size=32 max_batch_delay=500}); a
 * {@code client.<option>=value} argument is an option of the {@code local} deployment client instead
 * ({@code client.predict_on=event_loop}).
 *
 * <p>Prints {@code serving <name> at <url>} and, with gRPC, {@code grpc_port <port>} once it answers.
 */
public final class OipServingMain {
    /** The prefix of an argument that is an option of the deployment client, not deployment config. */
    private static final String CLIENT = "client.";

    private OipServingMain() {}

    /**
     * @param args the model URI (an {@code .onnx} file, an MLflow model folder, a store key), the deployment name, the
     *     HTTP port, a work folder (the store and the deployment's record; a fresh one per start), then optional
     *     {@code key=value} deployment config
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: OipServingMain <model uri> <name> <port> <work folder> [key=value ...], e.g. grpc_port=8001"
                            + " max_batch_size=32 max_batch_delay=500 client.predict_on=event_loop");
        }
        Map<String, String> config = new LinkedHashMap<>();
        Map<String, String> client = new LinkedHashMap<>();
        DeploymentArgs.config(args, 4).forEach((key, value) -> {
            if (key.startsWith(CLIENT)) {
                client.put(key.substring(CLIENT.length()), value);
            } else {
                config.put(key, value);
            }
        });
        config.put("serve", "true");
        config.put("port", args[2]);
        TangoRuntime runtime = TangoRuntime.builder()
                .configYaml(BenchConfig.deployments(Path.of(args[3]).resolve("store"), client))
                .environment(Map.of())
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "tango-bench-oip-stop"));
        Deployment deployment = runtime.deploymentClient("local").createDeployment(args[1], args[0], Optional.empty(), config);
        System.out.println("serving " + args[1] + " at " + deployment.url().map(Object::toString).orElse("?"));
        String grpc = deployment.details().get("grpc_port");
        if (grpc != null) {
            System.out.println("grpc_port " + grpc);
        }
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
