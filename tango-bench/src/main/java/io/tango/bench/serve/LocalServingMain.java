package io.tango.bench.serve;

import io.tango.bench.BenchConfig;
import io.tango.runtime.TangoRuntime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Serves a model with deployment target {@code local}'s {@code run-local} (plugin-local's Netty scoring server, MLflow's
 * scoring protocol) on 127.0.0.1 until the process is stopped: TANGO's side of the HTTP comparison, the counterpart of
 * {@code mlflow models serve --env-manager local}. Server settings are plugin-local's defaults unless {@code key=value}
 * arguments after the work folder say otherwise (passed through as run-local's config).
 */
public final class LocalServingMain {
    private LocalServingMain() {}

    /**
     * @param args the model URI (an MLflow model folder, an {@code .onnx} file, a store key), the port, a work folder,
     *     then optional {@code key=value} deployment config
     */
    public static void main(String[] args) {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: LocalServingMain <model uri> <port> <work folder> [key=value ...]");
        }
        Map<String, String> config = new LinkedHashMap<>(DeploymentArgs.config(args, 3));
        config.put("port", args[1]);
        try (TangoRuntime runtime = TangoRuntime.builder()
                .configYaml(BenchConfig.deployments(Path.of(args[2]).resolve("store")))
                .environment(Map.of())
                .build()) {
            Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "tango-bench-serve-stop"));
            runtime.deploymentClient("local").runLocal("bench", args[0], Optional.empty(), config);
        }
    }
}
