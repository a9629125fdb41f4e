package io.tango.plugin.local;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.tango.api.DataType;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ONNX models with uint8, float16, bfloat16 and uint16 tensors: fed and read in their own types, or refused clearly. */
class OnnxNarrowTypesTest {
    @TempDir
    static Path root;

    private static TangoModel<?, ?> uint8;
    private static TangoModel<?, ?> float16;
    private static TangoModel<?, ?> bfloat16;
    private static TangoModel<?, ?> uint16;
    private static TangoModel<?, ?> toUint32;

    @BeforeAll
    static void loadIdentityModels() throws IOException {
        LocalModelFinder finder = new LocalModelFinder(new LocalModelStore(root.resolve("store")), "narrow");
        uint8 = load(finder, "uint8.onnx", TensorProto.DataType.UINT8);
        float16 = load(finder, "float16.onnx", TensorProto.DataType.FLOAT16);
        bfloat16 = load(finder, "bfloat16.onnx", TensorProto.DataType.BFLOAT16);
        uint16 = load(finder, "uint16.onnx", Fixtures.identityOnnx(TensorProto.DataType.UINT16, 3));
        toUint32 = load(finder, "to-uint32.onnx", Fixtures.castOnnx(TensorProto.DataType.UINT32, 3));
    }

    private static TangoModel<?, ?> load(LocalModelFinder finder, String file, TensorProto.DataType type) throws IOException {
        return load(finder, file, Fixtures.identityOnnx(type, 3));
    }

    private static TangoModel<?, ?> load(LocalModelFinder finder, String file, byte[] model) throws IOException {
        Path onnx = Files.write(root.resolve(file), model);
        return Fixtures.loader().load(finder.find(ModelKey.of(onnx.toString())).orElseThrow());
    }

    @AfterAll
    static void close() {
        uint8.close();
        float16.close();
        bfloat16.close();
        uint16.close();
        toUint32.close();
    }

    @Test
    void aUint8ModelTakesListsAndAnswersAUint8Tensor() {
        Tensor y = output(uint8, List.of(List.of(0, 128, 255)));

        assertThat(y.type()).isEqualTo(DataType.UINT8);
        assertThat(y.toNestedList()).isEqualTo(List.of(List.of(0, 128, 255)));
    }

    @Test
    void aUint8ModelTakesAUint8TensorAsItIs() {
        Tensor given = Tensor.ofIntegers(DataType.UINT8, new long[] {1, 2, 250, 3, 4, 5}, 2, 3);

        assertThat(output(uint8, given)).isEqualTo(given);
    }

    @Test
    void aUint8ModelConvertsAnInt64TensorWithinRange() {
        Tensor y = output(uint8, Tensor.ofLongs(new long[] {7, 200, 255}, 1, 3));

        assertThat(y.toNestedList()).isEqualTo(List.of(List.of(7, 200, 255)));
    }

    @Test
    void aValueBeyondUint8IsAnInvalidRequestNamingTheElement() {
        assertThatThrownBy(() -> output(uint8, List.of(List.of(1, 256, 3))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("input 'x' element 1 is 256, outside UINT8's range 0 to 255; model '")
                .hasMessageEndingWith("' expects x: UINT8[-1, 3]");
    }

    @Test
    void aFloat16ModelRoundsFloatsToHalfPrecisionAndAnswersFloat16() {
        Tensor y = output(float16, List.of(List.of(0.1, 65504.0, -0.0)));

        assertThat(y.type()).isEqualTo(DataType.FLOAT16);
        assertThat(y.toFloatArray()).containsExactly(0.099975586f, 65504f, -0.0f);
    }

    @Test
    void aFloat16ModelConvertsAFloat32Tensor() {
        Tensor y = output(float16, Tensor.ofFloats(new float[] {1.5f, 1.00048828125f, 70000f}, 1, 3));

        assertThat(y.toFloatArray()).containsExactly(1.5f, 1.0f, Float.POSITIVE_INFINITY);
    }

    @Test
    void aBfloat16ModelRoundsFloatsToBfloat16AndAnswersBfloat16() {
        Tensor y = output(bfloat16, List.of(List.of(1.00390625, 3.0e38, -2.0)));

        assertThat(y.type()).isEqualTo(DataType.BFLOAT16);
        assertThat(y.toFloatArray()).containsExactly(1.0f, 3.0040553E38f, -2.0f);
    }

    @Test
    void aUint16ModelIsRefusedAsUnsupportedBecauseOnnxRuntimeJavaCannotCreateItsInput() {
        assertThatThrownBy(() -> output(uint16, List.of(List.of(1, 2, 3))))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessageStartingWith("input 'x' of model '")
                .hasMessageEndingWith("' is UINT16, which ONNX Runtime's Java API cannot create; it takes UINT8, INT8 to"
                        + " INT64, FLOAT16, BFLOAT16, FLOAT32, FLOAT64, BOOLEAN and STRING tensors");
    }

    @Test
    void aUint32OutputIsReadWithoutItsTopBitBecomingASign() {
        Tensor y = output(toUint32, List.of(List.of(1.0, 4294967040.0, 2147483648.0)));

        assertThat(y.type()).isEqualTo(DataType.UINT32);
        assertThat(y.toNestedList()).isEqualTo(List.of(List.of(1L, 4294967040L, 2147483648L)));
    }

    private static Tensor output(TangoModel<?, ?> model, Object x) {
        return (Tensor) model.predict(TangoRequest.of(Map.of("x", x))).output("y").orElseThrow();
    }
}
