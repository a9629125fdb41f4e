package io.tango.plugin.local.batch;

import io.tango.api.CapacityExceededException;
import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Dynamic batching for one deployment: requests submitted from any thread wait in a queue, and one dispatcher thread
 * ({@value #THREAD_PREFIX}{@code <name>}, a daemon) joins those of the same {@link Batches#form form} on their first
 * dimension into one model call, then splits the answer back per request.
 *
 * <p>A batch is dispatched as soon as it holds {@link BatchingSettings#maxBatchSize()} rows (or the next request of its
 * form would not fit), or holds one of the preferred sizes while nothing else is queued, or when its oldest request
 * has waited {@link BatchingSettings#maxBatchDelayMicros()} since it was submitted. A request runs alone when it
 * cannot be joined ({@link Batches#form} is empty), when the model does not {@link Batches#takesBatches take batches},
 * and each request of a batch runs alone again when the joined call fails or its outputs do not split by rows, so an
 * error in one request fails only that request. Model calls run on the given executor (on the dispatcher when it
 * rejects them); a future completes on the thread that ran its call.
 *
 * <p>{@link #close()} stops the dispatcher: requests not yet dispatched fail with a
 * {@link CapacityExceededException}, calls already running finish. Thread-safe.
 */
public final class DynamicBatcher implements AutoCloseable {
    /** The prefix of the dispatcher thread's name; the deployment's name follows. */
    public static final String THREAD_PREFIX = "tango-batch-";

    private static final Logger log = LoggerFactory.getLogger(DynamicBatcher.class);

    private final String name;
    private final BatchingSettings settings;
    private final Supplier<? extends LoadedModel> model;
    private final Executor calls;
    private final int capacity;
    private final LinkedBlockingQueue<Pending> queue;
    /** Requests submitted and not yet dispatched (queued, or held by the dispatcher while a batch forms). */
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder modelCalls = new LongAdder();
    private final LongAdder requestsRun = new LongAdder();
    private final Thread dispatcher;
    private volatile boolean closed;
    /** The dispatcher's cache of whether the model last seen takes batches. Dispatcher thread only. */
    private ModelDescriptor lastDescriptor;
    private boolean lastTakesBatches;

    /** A submitted request; {@code model} null for the batcher's own model. */
    private record Pending(TangoRequest request, LoadedModel model, Optional<Batches.Form> form, long arrival,
            CompletableFuture<TangoResponse> answer) {}

    /**
     * Starts the dispatcher.
     *
     * @param name the deployment's name, for the thread's name and messages
     * @param settings the batching settings; {@link BatchingSettings#enabled() enabled}
     * @param model the model {@link #submit(TangoRequest)} runs on, asked for at every call (so a swapped model is
     *     used at once); null when every request names its model ({@link #submit(LoadedModel, TangoRequest)})
     * @param calls where model calls run; {@code Runnable::run} runs them on the dispatcher
     * @param capacity how many requests may wait; more are refused with a {@link CapacityExceededException}
     */
    public DynamicBatcher(String name, BatchingSettings settings, Supplier<? extends LoadedModel> model, Executor calls,
            int capacity) {
        this.name = requireNonNull(name, "name is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.model = model;
        this.calls = requireNonNull(calls, "calls is null");
        if (!settings.enabled() || capacity < 1) {
            throw new IllegalArgumentException("a batcher needs maxBatchSize above 1 and a capacity of at least 1");
        }
        this.capacity = capacity;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.dispatcher = new Thread(this::dispatch, THREAD_PREFIX + name);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** @return the settings this batcher was started with */
    public BatchingSettings settings() {
        return settings;
    }

    /** @return how many submitted requests have not been dispatched to the model yet */
    public int waiting() {
        return waiting.get();
    }

    /** @return the model calls made so far: one per batch, plus one per request run alone or again alone */
    public long modelCalls() {
        return modelCalls.sum();
    }

    /** @return the requests run so far, joined or alone; over {@link #modelCalls()}, the mean batch size */
    public long requestsRun() {
        return requestsRun.sum();
    }

    /**
     * @param request a request for the deployment's model
     * @return its answer: the model's response to it alone, or its rows of a joined call; completed exceptionally with
     *     what the model threw for it alone, or with a {@link CapacityExceededException} when {@code capacity}
     *     requests are waiting already or the batcher is closed
     */
    public CompletableFuture<TangoResponse> submit(TangoRequest request) {
        if (model == null) {
            throw new IllegalStateException("batcher '" + name + "' has no model of its own; submit with a model");
        }
        return enqueue(null, request);
    }

    /**
     * Like {@link #submit(TangoRequest)} for a request on a model of the caller's: it joins only requests for the same
     * model instance.
     *
     * @param model the model to run the request on
     * @param request the request
     * @return its answer, as {@link #submit(TangoRequest)}'s
     */
    public CompletableFuture<TangoResponse> submit(LoadedModel model, TangoRequest request) {
        return enqueue(requireNonNull(model, "model is null"), request);
    }

    private CompletableFuture<TangoResponse> enqueue(LoadedModel target, TangoRequest request) {
        requireNonNull(request, "request is null");
        CompletableFuture<TangoResponse> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(closedError());
            return answer;
        }
        Pending pending = new Pending(request, target, Batches.form(request), System.nanoTime(), answer);
        waiting.incrementAndGet();
        if (!queue.offer(pending)) {
            waiting.decrementAndGet();
            answer.completeExceptionally(new CapacityExceededException("the batch queue of deployment '" + name
                    + "' is full: " + capacity + " requests are waiting; retry later"));
        } else if (closed && queue.remove(pending)) {
            waiting.decrementAndGet();
            answer.completeExceptionally(closedError());
        }
        return answer;
    }

    /** Stops the dispatcher and fails the requests not dispatched yet; waits up to 5 s for the thread. Idempotent. */
    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(queue); // anything submitted while the dispatcher was leaving
        log.info("Batching of '{}' stopped: {} requests run in {} model calls", name, requestsRun(), modelCalls());
    }

    /**
     * @param error what a future completed exceptionally with
     * @return the exception the work threw, unwrapped from a {@link CompletionException}
     */
    public static RuntimeException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    private CapacityExceededException closedError() {
        return new CapacityExceededException("deployment '" + name + "' stopped batching (its server or deployment"
                + " was closed or its batching settings changed) before the request ran; retry");
    }

    private void dispatch() {
        ArrayDeque<Pending> held = new ArrayDeque<>();
        try {
            while (!closed) {
                if (held.isEmpty()) {
                    held.add(queue.take());
                }
                queue.drainTo(held);
                List<Pending> batch = new ArrayList<>();
                batch.add(held.pollFirst());
                Optional<Batches.Form> form = batch.get(0).form();
                if (form.isPresent() && form.get().rows() < settings.maxBatchSize() && takesBatches(batch.get(0))) {
                    try {
                        fill(batch, held);
                    } catch (InterruptedException e) {
                        held.addAll(batch); // failed below with the rest
                        throw e;
                    }
                }
                waiting.addAndGet(-batch.size());
                run(batch);
            }
        } catch (InterruptedException e) {
            // close() interrupts the dispatcher: fail what has not run.
        } finally {
            failAll(held);
            failAll(queue);
        }
    }

    /** Adds the requests of the head's form to the batch until it is due; the others stay held in arrival order. */
    private void fill(List<Pending> batch, ArrayDeque<Pending> held) throws InterruptedException {
        Pending head = batch.get(0);
        Batches.Form form = head.form().orElseThrow();
        int max = settings.maxBatchSize();
        int rows = form.rows();
        boolean full = false;
        for (var iterator = held.iterator(); iterator.hasNext() && !full; ) {
            Pending next = iterator.next();
            if (joins(head, next)) {
                if (rows + next.form().get().rows() > max) {
                    full = true;
                } else {
                    iterator.remove();
                    batch.add(next);
                    rows += next.form().get().rows();
                }
            }
        }
        long deadline = head.arrival() + TimeUnit.MICROSECONDS.toNanos(settings.maxBatchDelayMicros());
        while (!full && rows < max) {
            if (settings.preferredBatchSizes().contains(rows) && queue.isEmpty()) {
                return;
            }
            long left = deadline - System.nanoTime();
            Pending next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            if (joins(head, next) && rows + next.form().get().rows() <= max) {
                batch.add(next);
                rows += next.form().get().rows();
            } else {
                held.add(next);
                // Past the deadline only what joins is taken, so requests of other forms cannot hold the batch back.
                full = joins(head, next) || left <= 0;
            }
        }
    }

    private static boolean joins(Pending head, Pending next) {
        return next.model() == head.model() && next.form().isPresent()
                && next.form().get().key().equals(head.form().orElseThrow().key());
    }

    /** Whether the head's model takes batches, asked again only when the model changes. */
    private boolean takesBatches(Pending head) {
        try {
            ModelDescriptor descriptor = (head.model() != null ? head.model() : model.get()).descriptor();
            if (descriptor != lastDescriptor) {
                lastTakesBatches = Batches.takesBatches(descriptor.signature());
                lastDescriptor = descriptor;
            }
            return lastTakesBatches;
        } catch (RuntimeException e) {
            return false; // Not loadable now: the request runs alone and fails with the reason.
        }
    }

    private void run(List<Pending> batch) {
        try {
            calls.execute(() -> call(batch));
        } catch (RejectedExecutionException e) {
            call(batch);
        }
    }

    private void call(List<Pending> batch) {
        try {
            if (batch.size() == 1) {
                callAlone(batch.get(0));
                return;
            }
            int[] rows = new int[batch.size()];
            List<TangoRequest> requests = new ArrayList<>(batch.size());
            for (int i = 0; i < rows.length; i++) {
                rows[i] = batch.get(i).form().orElseThrow().rows();
                requests.add(batch.get(i).request());
            }
            Optional<List<TangoResponse>> answers;
            modelCalls.increment();
            try {
                answers = Batches.split(predict(batch.get(0).model(), Batches.join(requests)), rows);
            } catch (RuntimeException e) {
                log.debug("A joined call of {} requests to '{}' failed; running each alone: {}", batch.size(), name, e.toString());
                answers = Optional.empty();
            }
            if (answers.isEmpty()) {
                batch.forEach(this::callAlone);
                return;
            }
            requestsRun.add(rows.length);
            for (int i = 0; i < rows.length; i++) {
                batch.get(i).answer().complete(answers.get().get(i));
            }
        } catch (Throwable e) {
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
            throw e;
        }
    }

    private void callAlone(Pending pending) {
        modelCalls.increment();
        requestsRun.increment();
        try {
            pending.answer().complete(predict(pending.model(), pending.request()));
        } catch (RuntimeException e) {
            pending.answer().completeExceptionally(e);
        }
    }

    private TangoResponse predict(LoadedModel given, TangoRequest request) {
        if (given != null) {
            return given.predict(request);
        }
        LoadedModel current = model.get();
        try {
            return current.predict(request);
        } catch (IllegalStateException e) {
            // Swapped or unloaded (and closed) between get() and predict(): run on what serves the deployment now.
            LoadedModel next = model.get();
            if (next == current) {
                throw e;
            }
            return next.predict(request);
        }
    }

    private void failAll(Queue<Pending> pending) {
        for (Pending request = pending.poll(); request != null; request = pending.poll()) {
            waiting.decrementAndGet();
            request.answer().completeExceptionally(closedError());
        }
    }

    @Override
    public String toString() {
        return "DynamicBatcher[" + name + ", " + settings + "]";
    }
}
