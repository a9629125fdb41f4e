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
        private BatchScorer scorer;
        private long position;

        ScoredRows(Iterator<Row> rows, int partition) {
            this.rows = rows;
            this.partition = partition;
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
            List<Object[]> inputs = new ArrayList<>(size);
            long first = position;
            while (batch.size() < size && rows.hasNext()) {
                Row row = rows.next();
                Object[] values = new Object[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    values[i] = row.get(columns[i]);
                }
                batch.add(row);
                inputs.add(values);
                position++;
            }
            if (scorer == null) {
                scorer = new BatchScorer(plan, ExecutorRuntimes.model(plan.spec(), loads));
            }
            List<ScoredRow> scored = scorer.score(inputs, row -> "row " + (first + row) + " of partition " + partition);
            for (int i = 0; i < batch.size(); i++) {
                ready.add(output(batch.get(i), scored.get(i)));
            }
        }

        private Row output(Row row, ScoredRow scored) {
            int width = row.length();
            boolean struct = plan.spec().outputLayout() == OutputLayout.STRUCT;
            int outputs = struct ? 1 : plan.outputs().size();
            Object[] values = new Object[width + outputs + (plan.errorColumn() ? 1 : 0)];
            for (int i = 0; i < width; i++) {
                values[i] = row.get(i);
            }
            if (scored.outputs() != null) {
                if (struct) {
                    values[width] = RowFactory.create(scored.outputs());
                } else {
                    System.arraycopy(scored.outputs(), 0, values, width, outputs);
                }
            }
            if (plan.errorColumn()) {
                values[values.length - 1] = scored.error();
            }
            return RowFactory.create(values);
        }
    }
}
