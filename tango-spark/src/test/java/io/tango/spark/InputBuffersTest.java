package io.tango.spark;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's values are read into reused primitive arrays; a row that does not fit leaves no trace in them. */
class InputBuffersTest {
    private static final StructType SCHEMA = new StructType()
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), true)
            .add("n", DataTypes.LongType, true);
    private static final ModelSignature SIGNATURE = new ModelSignature(
            List.of(FieldSpec.of("x", DataType.FLOAT32, -1, 2), FieldSpec.of("n", DataType.INT64, -1)),
            List.of(FieldSpec.of("y", DataType.FLOAT32, -1)));
    private static final ScoringPlan PLAN = ScoringPlan.of(ScoringSpec.builder()
            .configYaml("model_management: {finders: {default: {type: LOCAL}}}").modelKey("m").batchSize(2).build(), SIGNATURE);

    private static Row row(Float first, Float second, Long n) {
        return RowFactory.create(scala.jdk.javaapi.CollectionConverters.asScala(Arrays.asList(first, second)).toSeq(), n);
    }

    private static Tensor tensor(TangoRequest request, String name) {
        return (Tensor) request.input(name).orElseThrow();
    }

    @Test
    void aRowThatDoesNotFitLeavesTheNextRowsValuesIntact() {
        InputBuffers buffers = InputBuffers.of(PLAN, PLAN.bind(SCHEMA));

        assertThat(buffers.add(row(1f, 2f, 10L))).isTrue();
        // Its first element is read before its null second one is met.
        assertThat(buffers.add(row(7f, null, 70L))).isFalse();
        assertThat(buffers.add(row(3f, 4f, 30L))).isTrue();
        TangoRequest request = buffers.request();

        assertThat(tensor(request, "x").toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(tensor(request, "x").shape()).containsExactly(2, 2);
        assertThat(tensor(request, "n").toLongArray()).containsExactly(10L, 30L);
    }

    @Test
    void aClearedBufferHoldsOnlyTheNextBatch() {
        InputBuffers buffers = InputBuffers.of(PLAN, PLAN.bind(SCHEMA));
        buffers.add(row(1f, 2f, 10L));
        buffers.add(row(3f, 4f, 30L));

        buffers.clear();
        buffers.add(row(5f, 6f, 50L));
        TangoRequest request = buffers.request();

        assertThat(tensor(request, "x").toFloatArray()).containsExactly(5f, 6f);
        assertThat(tensor(request, "n").toLongArray()).containsExactly(50L);
        assertThat(tensor(request, "n").shape()).containsExactly(1);
    }

    @Test
    void aFullBufferTakesNoMoreRows() {
        InputBuffers buffers = InputBuffers.of(PLAN, PLAN.bind(SCHEMA));
        buffers.add(row(1f, 2f, 10L));
        buffers.add(row(3f, 4f, 30L));

        assertThat(buffers.add(row(5f, 6f, 50L))).isFalse();
        assertThat(buffers.count()).isEqualTo(2);
    }

    @Test
    void aPlanWithAStringInputHasNoBuffers() {
        ScoringPlan plan = ScoringPlan.of(PLAN.spec(), new ModelSignature(List.of(FieldSpec.of("x", DataType.STRING, -1)),
                List.of(FieldSpec.of("y", DataType.FLOAT32, -1))));

        assertThat(InputBuffers.of(plan, new int[] {0})).isNull();
    }
}
