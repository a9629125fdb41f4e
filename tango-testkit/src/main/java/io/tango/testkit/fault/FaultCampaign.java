package io.tango.testkit.fault;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static java.util.Objects.requireNonNull;

/**
 * Many calls, from several threads at once, against one {@link FaultyHttpServer} that answers each request with the
 * next fault of a seeded random sequence: the shared half of every remote plugin's "1,000 faulted calls" test. The
 * plugin's half is the {@link Caller}, which makes calls with the plugin's real client until the campaign's calls are
 * used up and records how each one ended.
 *
 * <p>The first of the faults is the proper answer; it is also what the server answers once the sequence runs out.
 */
public final class FaultCampaign {
    /** How many faults are queued per call: enough for every retry of every call. */
    private static final int FAULTS_PER_CALL = 4;

    private FaultCampaign() {}

    /**
     * One caller thread's work.
     */
    @FunctionalInterface
    public interface Caller {
        /**
         * Makes calls until {@code calls.getAndIncrement()} reaches the campaign's number, each recorded once in
         * {@code outcomes} under a name of the caller's choosing (e.g. the exception's simple name).
         *
         * @param server the misbehaving server's base URI
         * @param calls the shared call counter
         * @param outcomes the shared outcome counts
         * @throws Exception if the caller itself fails (the campaign then fails)
         */
        void call(URI server, AtomicInteger calls, Map<String, LongAdder> outcomes) throws Exception;
    }

    /**
     * What a campaign did.
     *
     * @param calls the calls that ended (each counted in one outcome)
     * @param requests the requests the server received (retries included)
     * @param faulted how many of them were answered with something other than the proper answer
     * @param outcomes how the calls ended, by outcome name, sorted
     */
    public record Result(long calls, int requests, long faulted, Map<String, Long> outcomes) {
        public Result {
            outcomes = Map.copyOf(requireNonNull(outcomes, "outcomes is null"));
        }

        /**
         * @param name the campaign's name, e.g. {@code mlflow}
         * @return the line {@code .ci/reliability-figures} collects for RELIABILITY.md
         */
        public String summary(String name) {
            return "RELIABILITY " + name + "-faults: " + calls + " calls, " + requests + " requests, " + faulted
                    + " answered with a fault, outcomes " + new TreeMap<>(outcomes);
        }
    }

    /**
     * Runs a campaign against a server of its own and waits for it.
     *
     * @param faults the faults to draw from, the proper answer first
     * @param calls how many calls to make in all
     * @param callers how many threads make them
     * @param seed the seed of the fault sequence (fixed, so a failure can be replayed)
     * @param caller the plugin's calls
     * @return what happened
     * @throws Exception if a caller failed or the campaign did not end within ten minutes
     */
    public static Result run(List<Fault> faults, int calls, int callers, long seed, Caller caller) throws Exception {
        requireNonNull(faults, "faults is null");
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("faults is empty: give the proper answer first, then the faults");
        }
        try (FaultyHttpServer server = FaultyHttpServer.start(faults.get(0))) {
            return run(server, faults, calls, callers, seed, caller);
        }
    }

    /**
     * Runs a campaign against a server the test started (and closes), so that it knows the server's port before the
     * campaign and can check the clients' connections to it after, while it still listens.
     *
     * @param server a server started with the proper answer ({@code faults.get(0)}) as its fallback, nothing queued
     * @param faults the faults to draw from, the proper answer first
     * @param calls how many calls to make in all
     * @param callers how many threads make them
     * @param seed the seed of the fault sequence (fixed, so a failure can be replayed)
     * @param caller the plugin's calls
     * @return what happened
     * @throws Exception if a caller failed or the campaign did not end within ten minutes
     */
    public static Result run(FaultyHttpServer server, List<Fault> faults, int calls, int callers, long seed,
            Caller caller) throws Exception {
        requireNonNull(server, "server is null");
        requireNonNull(faults, "faults is null");
        requireNonNull(caller, "caller is null");
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("faults is empty: give the proper answer first, then the faults");
        }
        Random random = new Random(seed);
        List<Fault> sequence = new ArrayList<>();
        for (int i = 0; i < calls * FAULTS_PER_CALL; i++) {
            sequence.add(faults.get(random.nextInt(faults.size())));
        }
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        AtomicInteger counter = new AtomicInteger();
        int requestsBefore = server.requestCount();
        server.enqueue(sequence.toArray(Fault[]::new));
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                done.add(pool.submit(() -> {
                    caller.call(server.uri(), counter, outcomes);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new AssertionError("the campaign's callers did not stop within a minute");
            }
        }
        int requests = server.requestCount() - requestsBefore;
        Fault proper = faults.get(0);
        long faulted = sequence.subList(0, Math.min(requests, sequence.size())).stream()
                .filter(fault -> fault != proper)
                .count();
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((name, count) -> counts.put(name, count.sum()));
        return new Result(counts.values().stream().mapToLong(Long::longValue).sum(), requests, faulted, counts);
    }
}
