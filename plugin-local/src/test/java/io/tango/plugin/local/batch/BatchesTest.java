package io.tango.plugin.local.batch;

import io.tango.api.DataType;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Joining requests on the first dimension and splitting the answer back, for every kind of input. */
class BatchesTest {
    private static TangoRequest request(Object x) {
        return TangoRequest.of(Map.of("x", x));
    }

    @Test
    void joinsAndSplitsTensorsOfEveryNumericTypeByRows() {
        for (DataType type : List.of(DataType.INT8, DataType.UINT8, DataType.INT16, DataType.UINT16, DataType.INT32,
                DataType.UINT32, DataType.INT64, DataType.UINT64)) {
            Tensor one = Tensor.ofIntegers(type, new long[] {1, 2}, 1, 2);
            Tensor two = Tensor.ofIntegers(type, new long[] {3, 4, 5, 6}, 2, 2);

            TangoRequest joined = Batches.join(List.of(request(one), request(two)));

            assertThat(joined.inputs().get("x")).as("%s", type).isEqualTo(Tensor.ofIntegers(type, new long[] {1, 2, 3, 4, 5, 6}, 3, 2));
            List<TangoResponse> parts = Batches.split(TangoResponse.of(Map.of("y", joined.inputs().get("x"))), new int[] {1, 2})
                    .orElseThrow();
            assertThat(parts).extracting(part -> part.outputs().get("y")).as("%s", type).containsExactly(one, two);
        }
    }

    @Test
    void joinsAndSplitsFloatsHalfFloatsBooleansAndStrings() {
        List<List<Tensor>> pairs = List.of(
                List.of(Tensor.ofFloats(new float[] {1.5f}, 1, 1), Tensor.ofFloats(new float[] {2.5f, 3.5f}, 2, 1)),
                List.of(Tensor.ofDoubles(new double[] {1.25}, 1), Tensor.ofDoubles(new double[] {2.25, 3.25}, 2)),
                List.of(Tensor.ofFloats(DataType.FLOAT16, new float[] {0.5f}, 1), Tensor.ofFloats(DataType.FLOAT16, new float[] {1, 2}, 2)),
                List.of(Tensor.ofFloats(DataType.BFLOAT16, new float[] {0.5f}, 1), Tensor.ofFloats(DataType.BFLOAT16, new float[] {1, 2}, 2)),
                List.of(Tensor.ofBooleans(new boolean[] {true}, 1), Tensor.ofBooleans(new boolean[] {false, true}, 2)),
                List.of(Tensor.ofStrings(List.of("a", "b"), 1, 2), Tensor.ofStrings(List.of("c", "d", "e", "f"), 2, 2)));
        for (List<Tensor> pair : pairs) {
            TangoRequest joined = Batches.join(List.of(request(pair.get(0)), request(pair.get(1))));
            Tensor x = (Tensor) joined.inputs().get("x");

            assertThat(x.shape()[0]).isEqualTo(3);
            assertThat(Batches.split(TangoResponse.of(Map.of("y", x)), new int[] {1, 2}).orElseThrow())
                    .extracting(part -> part.outputs().get("y")).as("%s", x).containsExactly(pair.get(0), pair.get(1));
        }
    }

    @Test
    void joinsNestedListsAndDataFrameColumns() {
        TangoRequest one = request(List.of(List.of(1, 2)));
        TangoRequest two = request(List.of(List.of(3.5, 4), List.of(5, 6)));

        assertThat(Batches.form(one).orElseThrow().key()).isEqualTo(Batches.form(two).orElseThrow().key());
        assertThat(Batches.join(List.of(one, two)).inputs().get("x"))
                .isEqualTo(List.of(List.of(1, 2), List.of(3.5, 4), List.of(5, 6)));
        assertThat(Batches.split(TangoResponse.of(Map.of("y", List.of(7, 8, 9))), new int[] {1, 2}).orElseThrow())
                .extracting(part -> part.outputs().get("y")).containsExactly(List.of(7), List.of(8, 9));
    }

    @Test
    void formsDifferWhenAnythingButTheFirstDimensionDiffers() {
        Object key = Batches.form(request(Tensor.ofFloats(new float[] {1, 2}, 1, 2))).orElseThrow().key();

        assertThat(Batches.form(request(Tensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2))).orElseThrow())
                .isEqualTo(new Batches.Form(key, 2));
        assertThat(Batches.form(request(Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3))).orElseThrow().key()).isNotEqualTo(key);
        assertThat(Batches.form(request(Tensor.ofDoubles(new double[] {1, 2}, 1, 2))).orElseThrow().key()).isNotEqualTo(key);
        assertThat(Batches.form(TangoRequest.of(Map.of("z", Tensor.ofFloats(new float[] {1, 2}, 1, 2)))).orElseThrow().key())
                .isNotEqualTo(key);
        assertThat(Batches.form(TangoRequest.builder().input("x", Tensor.ofFloats(new float[] {1, 2}, 1, 2))
                .parameter("p", 1).build()).orElseThrow().key()).isNotEqualTo(key);
    }

    @Test
    void aScalarAMapOrInputsOfDifferentRowCountsCannotJoin() {
        assertThat(Batches.form(request(Tensor.ofFloats(new float[] {1}))).isEmpty()).isTrue();
        assertThat(Batches.form(request(Map.of("a", 1))).isEmpty()).isTrue();
        assertThat(Batches.form(TangoRequest.of(Map.of("a", List.of(1, 2), "b", List.of(3)))).isEmpty()).isTrue();
    }

    @Test
    void anOutputWhoseFirstDimensionIsNotTheTotalRowCountDoesNotSplit() {
        assertThat(Batches.split(TangoResponse.of(Map.of("y", Tensor.ofFloats(new float[] {1, 2}, 2))), new int[] {1, 2}))
                .isEmpty();
        assertThat(Batches.split(TangoResponse.of(Map.of("y", "text")), new int[] {1, 2})).isEmpty();
    }
}
