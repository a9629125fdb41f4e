package io.tango.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

import static java.util.Objects.requireNonNull;

/**
 * Scores a partition in batches: a lazy iterator pulls up to {@code batchSize} rows, scores them with one request and
 * hands them out in order before pulling the next batch, so a partition is never held in memory. The model comes from
 * the executor runtime cache, loaded on the first batch (an empty partition loads nothing).
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringPlan plan;
    private final int[] columns;
    private final LongAccumulator loads;

    /**
     * @param plan the plan
     * @param columns each input's column index in the dataset
     * @param loads counts model loads
     */
    PartitionScorer(ScoringPlan plan, int[] columns, LongAccumulator loads) {
        this.plan = requireNonNull(plan, "plan is null");
        this.columns = requireNonNull(columns, "columns is null").clone();
        this.loads = requireNonNull(loads, "loads is null");
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        return new ScoredRows(rows, partition);
    }

    private final class ScoredRows implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final int partition;
        private final Deque<Row> ready = new ArrayDeque<>();
        private final InputBuffers buffers;
        private BatchScorer scorer;
        private long position;

        ScoredRows(Iterator<Row> rows, int partition) {
            this.rows = rows;
            this.partition = partition;
            this.buffers = InputBuffers.of(plan, columns);
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && rows.hasNext()) {
                scoreNextBatch();
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the partition has no more rows");
            }
            return ready.poll();
        }

        private void scoreNextBatch() {
            int size = plan.spec().batchSize();
            List<Row> batch = new ArrayList<>(size);
            if (buffers != null) {
                buffers.clear();
            }
            // Rows are read into the buffers while each fits them; one that does not (a null, a bad value) sends the
            // whole batch through BatchScorer's check, which says what is wrong, as for a plan the buffers cannot take.
            boolean buffered = buffers != null;
            long first = position;
            while (batch.size() < size && rows.hasNext()) {
                Row row = rows.next();
                batch.add(row);
                buffered = buffered && buffers.add(row);
                position++;
            }
            if (scorer == null) {
                scorer = new BatchScorer(plan, ExecutorRuntimes.model(plan.spec(), loads));
            }
            IntFunction<String> positions = row -> "row " + (first + row) + " of partition " + partition;
            if (buffered) {
                BatchScorer.BufferedResult result = scorer.score(buffers, () -> inputs(batch), positions);
                if (result.outputs() != null) {
                    for (int i = 0; i < batch.size(); i++) {
                        ready.add(output(batch.get(i), result.outputs(), i, null));
                    }
                    return;
                }
                emit(batch, result.rows());
                return;
            }
            emit(batch, scorer.score(inputs(batch), positions));
        }

        private List<Object[]> inputs(List<Row> batch) {
            List<Object[]> inputs = new ArrayList<>(batch.size());
            for (Row row : batch) {
                Object[] values = new Object[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    values[i] = row.get(columns[i]);
                }
                inputs.add(values);
            }
            return inputs;
        }

        private void emit(List<Row> batch, List<ScoredRow> scored) {
            Object[][] outputs = new Object[plan.outputs().size()][1];
            for (int i = 0; i < batch.size(); i++) {
                ScoredRow result = scored.get(i);
                for (int o = 0; o < outputs.length; o++) {
                    outputs[o][0] = result.outputs() == null ? null : result.outputs()[o];
                }
                ready.add(output(batch.get(i), result.outputs() == null ? null : outputs, 0, result.error()));
            }
        }

        /**
         * @param outputs each output's values by row, or null for a row without outputs
         * @param index the row's index in {@code outputs}
         */
        private Row output(Row row, Object[][] outputs, int index, String error) {
            int width = row.length();
            boolean struct = plan.spec().outputLayout() == OutputLayout.STRUCT;
            Object[] values = new Object[width + (struct ? 1 : plan.outputs().size()) + (plan.errorColumn() ? 1 : 0)];
            for (int i = 0; i < width; i++) {
                values[i] = row.get(i);
            }
            if (outputs != null) {
                if (struct) {
                    Object[] fields = new Object[outputs.length];
                    for (int o = 0; o < outputs.length; o++) {
                        fields[o] = outputs[o][index];
                    }
                    values[width] = RowFactory.create(fields);
                } else {
                    for (int o = 0; o < outputs.length; o++) {
                        values[width + o] = outputs[o][index];
                    }
                }
            }
            if (plan.errorColumn()) {
                values[values.length - 1] = error;
            }
            return RowFactory.create(values);
        }
    }
}
