package io.tango.bench.grpc;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.tango.bench.model.LinearOnnxModel;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc;
import io.tango.toolkit.oip.grpc.GRPCInferenceServiceGrpc.GRPCInferenceServiceStub;
import io.tango.toolkit.oip.grpc.ModelInferRequest;
import io.tango.toolkit.oip.grpc.ModelInferResponse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * A closed-loop OIP gRPC load: {@code concurrency} independent callers, each sending {@code ModelInfer} of
 * {@link LinearOnnxModel}'s row (input {@code x} FP32 {@code [1, 4]} in {@code raw_input_contents}) and sending the next
 * as soon as the answer arrives, for a warm-up and then a timed window. Every answer is checked against
 * {@link LinearOnnxModel#expected()} (from {@code raw_output_contents} or the typed {@code fp32_contents}); a wrong
 * answer or a failed call is counted, never timed. One call is made and checked before the load starts: a server that
 * fails it is not loaded. Calls are asynchronous (no thread per caller), so the generator
 * stays small beside the server it loads. The same for every server it is pointed at.
 */
public final class GrpcLoad {
    private static final float TOLERANCE = 1e-5f;

    private final GRPCInferenceServiceStub stub;
    private final ModelInferRequest request;
    private final float[] expected = LinearOnnxModel.expected();

    /**
     * @param channel a channel to the server (plaintext, 127.0.0.1)
     * @param model the model's name on that server
     */
    public GrpcLoad(Channel channel, String model) {
        requireNonNull(channel, "channel is null");
        requireNonNull(model, "model is null");
        this.stub = GRPCInferenceServiceGrpc.newStub(channel);
        float[] row = LinearOnnxModel.row();
        ByteBuffer raw = ByteBuffer.allocate(row.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : row) {
            raw.putFloat(value);
        }
        this.request = ModelInferRequest.newBuilder()
                .setModelName(model)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName(LinearOnnxModel.INPUT).setDatatype("FP32").addShape(1).addShape(row.length))
                .addRawInputContents(ByteString.copyFrom(raw.array()))
                .build();
    }

    /**
     * Runs the load and waits until every caller's last call has ended.
     *
     * @param concurrency how many calls are in flight at once (≥ 1)
     * @param warmup how long to load before timing
     * @param duration the timed window
     * @return what the timed window saw
     * @throws IllegalStateException if the calls in flight do not end within 30 s after the window
     * @throws InterruptedException if interrupted while waiting
     */
    public GrpcLoadResult run(int concurrency, Duration warmup, Duration duration) throws InterruptedException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be ≥ 1, got " + concurrency);
        }
        // One call first, answered and checked, before any load: the connection is up and the server answers right
        // (a server that is still starting, or answers wrong, is not loaded at all).
        String firstAnswer = firstAnswer();
        if (firstAnswer != null) {
            return new GrpcLoadResult(concurrency, duration.toNanos() / 1e9, 0, 0, Double.NaN, Double.NaN, 1, 0,
                    firstAnswer);
        }
        long start = System.nanoTime() + requireNonNull(warmup, "warmup is null").toNanos();
        long end = start + requireNonNull(duration, "duration is null").toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        Caller[] callers = new Caller[concurrency];
        for (int i = 0; i < concurrency; i++) {
            callers[i] = new Caller(start, end, done);
            callers[i].next();
        }
        long waitNanos = Math.max(0, end - System.nanoTime()) + TimeUnit.SECONDS.toNanos(30);
        if (!done.await(waitNanos, TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("calls still in flight 30 s after the timed window");
        }
        long calls = 0;
        long errors = 0;
        long wrong = 0;
        String firstProblem = null;
        for (Caller caller : callers) {
            calls += caller.count;
            errors += caller.errors;
            wrong += caller.wrong;
            if (firstProblem == null) {
                firstProblem = caller.problem.get();
            }
        }
        long[] latencies = new long[(int) calls];
        int offset = 0;
        for (Caller caller : callers) {
            System.arraycopy(caller.latencies, 0, latencies, offset, caller.count);
            offset += caller.count;
        }
        Arrays.sort(latencies);
        double seconds = duration.toNanos() / 1e9;
        return new GrpcLoadResult(concurrency, seconds, calls, calls / seconds, percentileMillis(latencies, 0.50),
                percentileMillis(latencies, 0.99), errors, wrong, firstProblem);
    }

    /** @return null when the first call is answered right within 60 s, else what went wrong */
    private String firstAnswer() {
        try {
            return check(GRPCInferenceServiceGrpc.newBlockingStub(stub.getChannel())
                    .withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(request));
        } catch (RuntimeException e) {
            return "the first call failed: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
        }
    }

    private static double percentileMillis(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private String check(ModelInferResponse response) {
        float[] actual;
        List<ByteString> raw = response.getRawOutputContentsList();
        if (!raw.isEmpty()) {
            ByteBuffer bytes = raw.get(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            actual = new float[bytes.remaining() / Float.BYTES];
            bytes.asFloatBuffer().get(actual);
        } else if (response.getOutputsCount() > 0) {
            List<Float> typed = response.getOutputs(0).getContents().getFp32ContentsList();
            actual = new float[typed.size()];
            for (int i = 0; i < actual.length; i++) {
                actual[i] = typed.get(i);
            }
        } else {
            return "an answer without outputs";
        }
        if (actual.length != expected.length) {
            return "answered " + Arrays.toString(actual) + ", expected " + Arrays.toString(expected);
        }
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > TOLERANCE) {
                return "answered " + Arrays.toString(actual) + ", expected " + Arrays.toString(expected);
            }
        }
        return null;
    }

    /** One caller: one call in flight at a time; its fields are written by one call's callback after another. */
    private final class Caller implements StreamObserver<ModelInferResponse> {
        private final long start;
        private final long end;
        private final CountDownLatch done;
        private final AtomicReference<String> problem = new AtomicReference<>();
        private long[] latencies = new long[1024];
        private int count;
        private long errors;
        private long wrong;
        private long sent;

        Caller(long start, long end, CountDownLatch done) {
            this.start = start;
            this.end = end;
            this.done = done;
        }

        void next() {
            sent = System.nanoTime();
            if (sent >= end) {
                done.countDown();
                return;
            }
            stub.withDeadlineAfter(30, TimeUnit.SECONDS).modelInfer(request, this);
        }

        @Override
        public void onNext(ModelInferResponse response) {
            long now = System.nanoTime();
            String wrongAnswer = check(response);
            if (wrongAnswer != null) {
                wrong++;
                problem.compareAndSet(null, wrongAnswer);
            } else if (sent >= start && now <= end) {
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = now - sent;
            }
        }

        @Override
        public void onError(Throwable error) {
            errors++;
            problem.compareAndSet(null, error + (error.getCause() == null ? "" : " (" + error.getCause() + ")"));
            next();
        }

        @Override
        public void onCompleted() {
            next();
        }
    }
}
