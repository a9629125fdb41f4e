package io.tango.plugin.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The load tests' evidence for "every request reaches the model exactly once and its row comes back exactly once, to
 * the caller that sent it": who sent each request id, how often the model received it, and which callers got its row
 * back. Thread-safe; {@link #violations()} reads it once every caller is done.
 */
final class DeliveryLedger {
    private final int requests;
    private final Map<Integer, String> senders = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
    private final Map<Integer, Queue<String>> deliveries = new ConcurrentHashMap<>();

    /** @param requests the request ids are 0 to {@code requests - 1} */
    DeliveryLedger(int requests) {
        this.requests = requests;
    }

    /** A caller sends request {@code id}; each id is sent by one caller. */
    void sent(String caller, int id) {
        requireNonNull(caller, "caller is null");
        String previous = senders.putIfAbsent(id, caller);
        if (previous != null) {
            throw new IllegalStateException("request " + id + " is sent by " + previous + " already, not by " + caller);
        }
    }

    /** The model side: a prediction of request {@code id} reached the model. */
    void received(int id) {
        received.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
    }

    /** The caller side: {@code caller} got the row of request {@code id} back. */
    void delivered(String caller, int id) {
        requireNonNull(caller, "caller is null");
        deliveries.computeIfAbsent(id, key -> new ConcurrentLinkedQueue<>()).add(caller);
    }

    /** @return one line per request id that was not received once and delivered once to its sender; empty if none */
    List<String> violations() {
        List<String> violations = new ArrayList<>();
        for (int id : received.keySet()) {
            if (id < 0 || id >= requests) {
                violations.add("the model received request " + id + ", which no caller sent");
            }
        }
        for (int id = 0; id < requests; id++) {
            int times = received.getOrDefault(id, new AtomicInteger()).get();
            if (times != 1) {
                violations.add("request " + id + " reached the model " + times + " times");
            }
            String sender = senders.getOrDefault(id, "no caller");
            List<String> receivers = deliveries.getOrDefault(id, new ConcurrentLinkedQueue<>()).stream().sorted().toList();
            if (!receivers.equals(List.of(sender))) {
                violations.add("the row of request " + id + ", sent by " + sender + ", came back to " + receivers);
            }
        }
        return violations;
    }
}
