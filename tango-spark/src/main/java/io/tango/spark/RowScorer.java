package io.tango.spark;

import io.tango.api.InvalidRequestException;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The SQL UDF: scores one row per call, given a struct of the input columns ({@code udf(struct(a, b, c))}), and
 * returns a struct of the outputs (plus {@value ErrorColumn#NAME} in {@link ErrorMode#NULL_WITH_ERROR_COLUMN}). The
 * struct's fields are matched to the inputs by column name, or by position when no field has the name and the counts
 * agree. Shares the executor's loaded model with every other task.
 */
final class RowScorer implements UDF1<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringPlan plan;
    private final LongAccumulator loads;
    private transient BatchScorer scorer;

    RowScorer(ScoringPlan plan, LongAccumulator loads) {
        this.plan = requireNonNull(plan, "plan is null");
        this.loads = requireNonNull(loads, "loads is null");
    }

    @Override
    public Row call(Row struct) {
        if (struct == null) {
            throw new InvalidRequestException("the UDF of model '" + plan.spec().modelKey() + "' was called with null: call it"
                    + " with a struct of the input columns, e.g. udf(struct(" + String.join(", ", columns()) + "))");
        }
        Object[] values = values(struct);
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        if (scorer == null) {
            scorer = new BatchScorer(plan, ExecutorRuntimes.model(plan.spec(), loads));
        }
        ScoredRow scored = scorer.score(List.<Object[]>of(values),
                row -> "row " + Arrays.toString(values) + " of partition " + partition).get(0);
        Object[] result = new Object[plan.outputs().size() + (plan.errorColumn() ? 1 : 0)];
        if (scored.outputs() != null) {
            System.arraycopy(scored.outputs(), 0, result, 0, plan.outputs().size());
        }
        if (plan.errorColumn()) {
            result[result.length - 1] = scored.error();
        }
        return RowFactory.create(result);
    }

    private List<String> columns() {
        return plan.inputs().stream().map(InputBinding::column).toList();
    }

    private Object[] values(Row struct) {
        StructType schema = struct.schema();
        List<String> names = schema == null ? List.of() : Arrays.asList(schema.fieldNames());
        boolean byName = names.containsAll(columns());
        if (!byName && struct.length() != plan.inputs().size()) {
            throw new InvalidRequestException("the UDF of model '" + plan.spec().modelKey() + "' got a struct of fields " + names
                    + "; it needs the fields " + columns() + " (or " + plan.inputs().size() + " fields in that order): call it as"
                    + " udf(struct(" + String.join(", ", columns()) + "))");
        }
        Object[] values = new Object[plan.inputs().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = byName ? struct.get(names.indexOf(plan.inputs().get(i).column())) : struct.get(i);
        }
        return values;
    }
}
