package io.tango.spark;

import io.tango.api.InvalidRequestException;
import io.tango.api.LoadedModel;
import io.tango.api.TangoResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Scores a batch of rows with one request. When the model rejects the batch, it scores the batch's rows one by one to
 * find the rows it rejects, so the error names the row: the job fails with the first one ({@link ErrorMode#FAIL}), or
 * each gets its message ({@link ErrorMode#NULL_WITH_ERROR_COLUMN}).
 */
final class BatchScorer {
    private final ScoringPlan plan;
    private final RowBatcher batcher;
    private final LoadedModel model;

    BatchScorer(ScoringPlan plan, LoadedModel model) {
        this.plan = requireNonNull(plan, "plan is null");
        this.batcher = new RowBatcher(plan);
        this.model = requireNonNull(model, "model is null");
    }

    /**
     * @param inputs each row's input values, in the plan's input order
     * @param positions each row's position for messages, e.g. {@code row 7 of partition 1}, made only for a problem
     * @return each row's result, in order
     * @throws InvalidRequestException in {@link ErrorMode#FAIL}, for the first row that cannot be scored
     */
    List<ScoredRow> score(List<Object[]> inputs, IntFunction<String> positions) {
        ScoredRow[] results = new ScoredRow[inputs.size()];
        int[] valid = new int[inputs.size()];
        int count = 0;
        for (int i = 0; i < inputs.size(); i++) {
            int row = i;
            String problem = batcher.check(inputs.get(i), () -> positions.apply(row));
            if (problem == null) {
                valid[count++] = i;
            } else {
                results[i] = fail(problem);
            }
        }
        if (count > 0) {
            scoreTogether(inputs, positions, results, Arrays.copyOf(valid, count));
        }
        return Arrays.asList(results);
    }

    private void scoreTogether(List<Object[]> inputs, IntFunction<String> positions, ScoredRow[] results, int[] valid) {
        List<Object[]> batch = inputs;
        if (valid.length < inputs.size()) {
            batch = new ArrayList<>(valid.length);
            for (int index : valid) {
                batch.add(inputs.get(index));
            }
        }
        TangoResponse response;
        try {
            response = model.predict(batcher.request(batch));
        } catch (RuntimeException e) {
            scoreEach(inputs, positions, results, valid, e);
            return;
        }
        List<Object[]> outputs = batcher.split(response, batch.size());
        for (int i = 0; i < valid.length; i++) {
            results[valid[i]] = ScoredRow.of(outputs.get(i));
        }
    }

    /** After the model rejected the valid rows together: scores each alone, to name the rows it rejects. */
    private void scoreEach(
            List<Object[]> inputs, IntFunction<String> positions, ScoredRow[] results, int[] valid, RuntimeException rejection) {
        if (valid.length == 1) {
            results[valid[0]] = rejected(positions.apply(valid[0]), rejection);
            return;
        }
        for (int index : valid) {
            results[index] = scoreAlone(inputs.get(index), positions.apply(index));
        }
    }

    /**
     * Scores the rows held in buffers (each already known to fit the plan's inputs) with one request: what
     * {@link #score} does for rows that all pass its check, without a per-row array of values.
     *
     * @param buffers the batch's values, at least one row
     * @param inputs each row's input values, asked only if the model rejects the batch, to score the rows one by one
     * @param positions each row's position for messages, made only for a problem
     * @return each output's values for the rows when the model took the batch, else each row's result
     * @throws InvalidRequestException in {@link ErrorMode#FAIL}, for the first row the model rejects
     */
    BufferedResult score(InputBuffers buffers, Supplier<List<Object[]>> inputs, IntFunction<String> positions) {
        int count = buffers.count();
        TangoResponse response;
        try {
            response = model.predict(buffers.request());
        } catch (RuntimeException e) {
            ScoredRow[] results = new ScoredRow[count];
            int[] all = new int[count];
            Arrays.setAll(all, i -> i);
            scoreEach(inputs.get(), positions, results, all, e);
            return new BufferedResult(null, Arrays.asList(results));
        }
        return new BufferedResult(batcher.columns(response, count), null);
    }

    /**
     * What {@link #score(InputBuffers, Supplier, IntFunction)} returns: one of the two is null.
     *
     * @param outputs each output's values (in the plan's output order), one per row, when the model took the batch
     * @param rows each row's result when it did not
     */
    record BufferedResult(Object[][] outputs, List<ScoredRow> rows) {}

    private ScoredRow scoreAlone(Object[] input, String position) {
        TangoResponse response;
        try {
            response = model.predict(batcher.request(List.<Object[]>of(input)));
        } catch (RuntimeException e) {
            return rejected(position, e);
        }
        return ScoredRow.of(batcher.split(response, 1).get(0));
    }

    private ScoredRow rejected(String position, RuntimeException e) {
        return fail("model '" + plan.spec().modelKey() + "' rejected " + position + ": " + e.getMessage());
    }

    private ScoredRow fail(String message) {
        if (plan.errorColumn()) {
            return ScoredRow.failed(message);
        }
        throw new InvalidRequestException(message);
    }
}
