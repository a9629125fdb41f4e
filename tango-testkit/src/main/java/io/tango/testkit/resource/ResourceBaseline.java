package io.tango.testkit.resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * The threads and descriptors a component owned at one moment ({@link OwnedResources#capture}), to prove that it gives
 * back what it took: capture a baseline, run many (faulted) calls, close everything, then {@link #awaitReturn} to the
 * baseline.
 *
 * <p>A component's own JDK 17 {@code HttpClient} cannot be closed and lets its connections go only when a collection
 * finds it unreachable, so {@link #awaitReturn} asks for collections between checks; that cannot hide a leak, because
 * what other code's garbage frees is not counted.
 *
 * @param owner what is counted
 * @param threads the component's live threads' names, by thread id
 * @param descriptors what the component's open descriptors point at, sorted (a file's path, {@code socket a -> b})
 * @param jvmThreads the JVM's live threads, all owners: reported, never checked
 * @param jvmDescriptors the JVM's open descriptors, all owners, or -1 where the platform cannot count them: reported,
 *        never checked
 */
public record ResourceBaseline(
        OwnedResources owner, Map<Long, String> threads, List<String> descriptors, int jvmThreads, long jvmDescriptors) {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    public ResourceBaseline {
        requireNonNull(owner, "owner is null");
        threads = Map.copyOf(requireNonNull(threads, "threads is null"));
        descriptors = List.copyOf(requireNonNull(descriptors, "descriptors is null"));
    }

    /**
     * Waits until the component owns no thread and no descriptor that it did not own at this baseline, beyond the
     * tolerances. Threads are told apart by id and descriptors by what they point at, so one of the component's
     * threads that ends cannot hide another that was left running.
     *
     * @param deadline how long to wait at most
     * @param threadTolerance how many of the component's threads not alive at the baseline are accepted
     * @param descriptorTolerance how many of the component's descriptors not open at the baseline are accepted
     * @return the usage once back within the tolerances
     * @throws AssertionError if the deadline passes first, naming the threads and descriptors that are new since the
     *         baseline
     */
    public ResourceBaseline awaitReturn(Duration deadline, int threadTolerance, int descriptorTolerance) {
        requireNonNull(deadline, "deadline is null");
        long end = System.nanoTime() + deadline.toNanos();
        ResourceBaseline now = owner.capture();
        // New since the baseline, not more than at it: threads of the same names that were already there and end
        // meanwhile (an earlier test's idle pool) must not make room for a leak.
        while (now.newThreadsSince(this).size() > threadTolerance
                || now.newDescriptorsSince(this).size() > descriptorTolerance) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("the resources of " + owner + " did not return to their baseline within "
                        + deadline + ": " + this + " before, " + now + " now (tolerance " + threadTolerance
                        + " threads, " + descriptorTolerance + " descriptors); new threads: " + now.newThreadsSince(this)
                        + ", new descriptors: " + now.newDescriptorsSince(this) + "; JVM-wide, not checked: "
                        + jvmTotals() + " before, " + now.jvmTotals() + " now");
            }
            // The component's unreachable JDK 17 HttpClient lets its connections go only once it is collected.
            System.gc();
            LockSupport.parkNanos(POLL_NANOS);
            now = owner.capture();
        }
        return now;
    }

    /**
     * @param earlier an earlier capture
     * @return the names of the component's threads alive now that were not alive then, sorted
     */
    public List<String> newThreadsSince(ResourceBaseline earlier) {
        requireNonNull(earlier, "earlier is null");
        return threads.entrySet().stream()
                .filter(entry -> !earlier.threads.containsKey(entry.getKey()))
                .map(Map.Entry::getValue)
                .sorted()
                .toList();
    }

    /**
     * @param earlier an earlier capture
     * @return the component's descriptors open now beyond those open then (each kept once per extra copy), sorted
     */
    public List<String> newDescriptorsSince(ResourceBaseline earlier) {
        requireNonNull(earlier, "earlier is null");
        List<String> extra = new ArrayList<>(descriptors);
        earlier.descriptors.forEach(extra::remove);
        return extra;
    }

    /** @return the JVM's totals, e.g. {@code 39 threads, 91 descriptors}: for a report, never a check */
    public String jvmTotals() {
        return jvmThreads + " threads, " + (jvmDescriptors < 0 ? "uncounted" : String.valueOf(jvmDescriptors))
                + " descriptors";
    }

    /** @return the component's counts, e.g. {@code 2 threads, 1 descriptor} */
    @Override
    public String toString() {
        return threads.size() + (threads.size() == 1 ? " thread, " : " threads, ")
                + descriptors.size() + (descriptors.size() == 1 ? " descriptor" : " descriptors");
    }
}
