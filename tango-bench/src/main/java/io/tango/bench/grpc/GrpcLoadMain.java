package io.tango.bench.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link GrpcLoad} against one OIP gRPC server and prints the result as one JSON line (see
 * {@link GrpcLoadResult#json()}); exits 1 when any answer was wrong or any call failed, or nothing was answered.
 * {@code bench/run.sh}'s {@code grpc} phase points it at TANGO and at Triton with the same settings.
 */
public final class GrpcLoadMain {
    private GrpcLoadMain() {}

    /**
     * @param args {@code host:port}, the model name, concurrency, warm-up seconds, timed seconds
     * @throws InterruptedException if interrupted while waiting for the calls
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: GrpcLoadMain <host:port> <model> <concurrency> <warm-up s> <seconds>");
        }
        ManagedChannel channel = NettyChannelBuilder.forTarget(args[0]).usePlaintext().build();
        boolean clean;
        try {
            GrpcLoadResult result = new GrpcLoad(channel, args[1]).run(Integer.parseInt(args[2]),
                    Duration.ofMillis((long) (Double.parseDouble(args[3]) * 1000)),
                    Duration.ofMillis((long) (Double.parseDouble(args[4]) * 1000)));
            System.out.println(result.json());
            clean = result.calls() > 0 && result.errors() == 0 && result.wrong() == 0;
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (!clean) {
            System.exit(1);
        }
    }
}
