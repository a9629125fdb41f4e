package io.tango.spark;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.ModelSignature;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partition is scored lazily, one batch at a time: the scorer pulls a batch's rows only when the rows before them
 * have been handed out, so it never holds a partition in memory (here outside Spark, with {@link PickyPlugin}).
 */
@ExtendWith(ClosesExecutorRuntimes.class)
class PartitionScorerTest {
    private static final StructType SCHEMA = new StructType()
            .add("x", DataTypes.DoubleType, true)
            .add("v", DataTypes.createArrayType(DataTypes.IntegerType, true), true)
            .add("w", DataTypes.DoubleType, true);
    private static final ModelSignature PICKY = new ModelSignature(
            List.of(FieldSpec.of("x", DataType.FLOAT32, -1), FieldSpec.of("v", DataType.INT64, -1, 2),
                    FieldSpec.of("w", DataType.FLOAT64, -1, 1)),
            List.of(FieldSpec.of("y", DataType.FLOAT64, -1, 1)));

    @TempDir
    Path folder;

    @Test
    void pullsOneBatchOfRowsAtATime() {
        ScoringPlan plan = ScoringPlan.of(ScoringSpec.builder().configYaml(PickyPlugin.CONFIG).modelKey(PickyPlugin.KEY)
                .pluginDirectory(PickyPlugin.build(folder.resolve("plugins")).toString()).batchSize(7).build(), PICKY);
        AtomicInteger pulled = new AtomicInteger();
        Iterator<Row> input = IntStream.range(0, 1000).mapToObj(id -> {
            pulled.incrementAndGet();
            return RowFactory.create((double) id, scala.jdk.javaapi.CollectionConverters.asScala(List.of(1, 2)).toSeq(), 0.0);
        }).iterator();
        LongAccumulator loads = new LongAccumulator();

        Iterator<Row> scored = new PartitionScorer(plan, plan.bind(SCHEMA), loads).call(input);

        assertThat(pulled).hasValue(0);
        assertThat(scored.next().getStruct(3).getDouble(0)).isEqualTo(3.0);
        assertThat(pulled).hasValue(7);
        for (int row = 1; row < 7; row++) {
            scored.next();
        }
        assertThat(pulled).hasValue(7);
        assertThat(scored.next().getStruct(3).getDouble(0)).isEqualTo(10.0);
        assertThat(pulled).hasValue(14);
        assertThat(loads.value()).isEqualTo(1);
    }
}
