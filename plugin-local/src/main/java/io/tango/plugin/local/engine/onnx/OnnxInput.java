package io.tango.plugin.local.engine.onnx;

import io.tango.api.DataType;
import io.tango.api.Tensor;

import java.util.Arrays;

/**
 * One tensor input of an ONNX graph.
 *
 * @param name its name
 * @param type its element type
 * @param shape its dimensions, {@code -1} for dynamic ones
 */
record OnnxInput(String name, DataType type, long[] shape) {
    String describe() {
        return name + ": " + type + Arrays.toString(shape);
    }

    /** @return whether a tensor has this input's rank and every dimension it fixes (its shape is not copied) */
    boolean matches(Tensor tensor) {
        if (tensor.rank() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && shape[i] != tensor.dimension(i)) {
                return false;
            }
        }
        return true;
    }

    boolean matches(long[] actual) {
        if (actual.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && shape[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }
}
