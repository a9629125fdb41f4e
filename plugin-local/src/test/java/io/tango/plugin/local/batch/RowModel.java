package io.tango.plugin.local.batch;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.WorkingSession;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model of rows, for batching tests: input {@code x} FLOAT32 rows of any width, output {@code y} FLOAT32 with one
 * value per row, {@code y = x1 + 2 x2 + 3 x3 …}; a row with a negative value is refused with an
 * {@link InvalidRequestException} naming it. It records the shape of every call, and its first call waits at the gate
 * when one is set, so a test can queue requests while the model is busy.
 */
final class RowModel implements LoadedModel {
    final List<List<Long>> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate;
    private final ModelDescriptor descriptor;

    /**
     * @param firstDimension the declared first dimension of x and y: -1 for a batch dimension
     * @param gated whether the first call waits until {@link #gate} is counted down
     */
    RowModel(long firstDimension, boolean gated) {
        this.gate = new CountDownLatch(gated ? 1 : 0);
        this.descriptor = ModelDescriptor.builder(ModelKey.of("rows"), "rows", "test").signature(new ModelSignature(
                List.of(FieldSpec.of("x", DataType.FLOAT32, firstDimension, -1)),
                List.of(FieldSpec.of("y", DataType.FLOAT32, firstDimension, 1)))).build();
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public TangoResponse predict(TangoRequest request, WorkingSession session) {
        Tensor x = (Tensor) request.inputs().get("x");
        long[] shape = x.shape();
        calls.add(List.of(shape[0], shape[1]));
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate");
        }
        float[] values = x.toFloatArray();
        float[] y = new float[(int) shape[0]];
        for (int row = 0; row < y.length; row++) {
            for (int column = 0; column < shape[1]; column++) {
                float value = values[row * (int) shape[1] + column];
                if (value < 0) {
                    throw new InvalidRequestException("row with " + value + " is negative");
                }
                y[row] += (column + 1) * value;
            }
        }
        return TangoResponse.of(Map.of("y", Tensor.ofFloats(y, y.length, 1)));
    }

    /** @return a request of {@code rows} rows of {@code width} values, the first {@code first}, then counting up */
    static TangoRequest rows(int rows, int width, float first) {
        float[] values = new float[rows * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = first + i;
        }
        return TangoRequest.of(Map.of("x", Tensor.ofFloats(values, rows, width)));
    }
}
