package io.tango.bench.peer;

import io.tango.testkit.oip.KServeServer;
import io.tango.testkit.oip.MlServerServer;
import io.tango.testkit.oip.OipPeerServer;
import io.tango.testkit.oip.TritonServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Starts one OIP peer from the testkit's cached virtual environments, prints where it answers, and stops it (with its
 * Python descendants) when the process gets SIGTERM or, with {@code --stop-on-stdin-eof}, when its standard input ends:
 * the peers of {@code bench/run.sh}'s {@code peers} and {@code grpc} phases, started exactly as the OIP tests start
 * them. The model each serves for the comparison ({@value #MODEL_LINE_PREFIX}):
 * <ul>
 *   <li>{@code triton}: {@link TritonServer#LINEAR}, the ONNX file run by onnxruntime in PyTriton's bound function,
 *       Triton's dynamic batcher on ({@code max_batch_size} 8, 500 µs);</li>
 *   <li>{@code kserve}: {@link KServeServer#LINEAR}, the same formula in NumPy;</li>
 *   <li>{@code mlserver}: {@link MlServerServer#LINEAR}, a scikit-learn {@code LinearRegression} with the same weights
 *       served by mlserver-sklearn.</li>
 * </ul>
 * Prints, once the peer is ready: {@code rest http://127.0.0.1:<port>}, {@code grpc 127.0.0.1:<port>},
 * {@code model <name>}.
 */
public final class PeerServerMain {
    static final String MODEL_LINE_PREFIX = "model";
    private static final Map<String, Function<Path, OipPeerServer>> PEERS = Map.of(
            "triton", TritonServer::start, "kserve", KServeServer::start, "mlserver", MlServerServer::start);
    private static final Map<String, String> MODELS = Map.of(
            "triton", TritonServer.LINEAR, "kserve", KServeServer.LINEAR, "mlserver", MlServerServer.LINEAR);

    private PeerServerMain() {}

    /**
     * @param args {@code triton}, {@code kserve} or {@code mlserver}; a work folder of its own; optionally
     *     {@code --stop-on-stdin-eof}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2 || args.length > 3 || !PEERS.containsKey(args[0])
                || (args.length == 3 && !args[2].equals("--stop-on-stdin-eof"))) {
            throw new IllegalArgumentException(
                    "usage: PeerServerMain triton|kserve|mlserver <work folder> [--stop-on-stdin-eof]");
        }
        OipPeerServer peer = PEERS.get(args[0]).apply(Path.of(args[1]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(peer::close, "peer-stop"));
        System.out.println("rest " + peer.restBaseUrl());
        System.out.println("grpc " + peer.grpcTarget());
        System.out.println(MODEL_LINE_PREFIX + " " + MODELS.get(args[0]));
        System.out.flush();
        if (args.length == 3) {
            Thread watcher = new Thread(() -> {
                drain(System.in);
                stopped.countDown();
            }, "peer-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
        peer.close();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // only the end matters
            }
        } catch (IOException e) {
            // a broken standard input ends it too
        }
    }
}
