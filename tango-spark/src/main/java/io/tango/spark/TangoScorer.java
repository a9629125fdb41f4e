package io.tango.spark;

import io.tango.api.InvalidRequestException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Scores datasets with one model, on the driver's side: made by {@link TangoSpark#scorer}, which resolved the model's
 * signature, so the output types are known before any task runs. Executors load the model themselves, once per JVM.
 * Use it from the driver thread that made it; it is not serializable.
 */
public final class TangoScorer {
    private final SparkSession spark;
    private final ScoringPlan plan;
    private final LongAccumulator loads;

    TangoScorer(SparkSession spark, ScoringPlan plan, LongAccumulator loads) {
        this.spark = requireNonNull(spark, "spark is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.loads = requireNonNull(loads, "loads is null");
    }

    /**
     * Scores a dataset in batches of {@link ScoringSpec#batchSize()} rows per request (lazily, as any transformation).
     *
     * @param input the dataset; it needs every input column, of a type that feeds its input
     * @return the input's columns and rows, in order, plus the outputs (one struct column or one column per output) and,
     *     in {@link ErrorMode#NULL_WITH_ERROR_COLUMN}, the string column {@value ErrorColumn#NAME}
     * @throws InvalidRequestException now, if a column is missing, has a type that does not feed its input, or an output
     *     column's name is taken; the job fails later if a row cannot be scored in {@link ErrorMode#FAIL}
     */
    public Dataset<Row> score(Dataset<Row> input) {
        requireNonNull(input, "input is null");
        StructType schema = input.schema();
        int[] columns = plan.bind(schema);
        StructType scored = plan.scoredSchema(schema);
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String added : Arrays.copyOfRange(scored.fieldNames(), schema.size(), scored.size())) {
            if (names.contains(added)) {
                throw new InvalidRequestException("the dataset already has a column '" + added + "', which scoring with model '"
                        + plan.spec().modelKey() + "' adds: rename or drop it, or choose another name with"
                        + " ScoringSpec.outputColumn / OutputLayout.STRUCT");
            }
        }
        return input.mapPartitions(new PartitionScorer(plan, columns, loads), Encoders.row(scored));
    }

    /**
     * Registers the row-at-a-time UDF for Spark SQL: {@code SELECT name(struct(a, b, c)) FROM …} returns
     * {@link #outputType()} (plus {@value ErrorColumn#NAME} in {@link ErrorMode#NULL_WITH_ERROR_COLUMN}). It ignores the
     * batch size and output layout; {@link #score} is the fast form.
     *
     * @param udfName the function's name
     * @return the registered function
     */
    public UserDefinedFunction register(String udfName) {
        requireNonNull(udfName, "udfName is null");
        return spark.udf().register(udfName, udf());
    }

    /** @return the row-at-a-time UDF for the DataFrame API: {@code df.select(scorer.udf().apply(struct(…)))} */
    public UserDefinedFunction udf() {
        return functions.udf(new RowScorer(plan, loads), plan.udfType());
    }

    /** @return the struct of the model's outputs: one nullable field per output, typed from its signature */
    public StructType outputType() {
        return plan.outputStruct();
    }

    /**
     * @return how many times executors loaded the model for this scorer (the accumulator {@code tango.model.loads}):
     *     one per executor JVM that scored a row; read it after an action
     */
    public long modelLoads() {
        return loads.value();
    }
}
