package app.openly.localstack;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * End-to-end lag of one consuming service, from each 201 to the moment its entry was seen applied there. The
 * service shows a per-person counter of applied entries (read by polling); a person's events are applied in order,
 * so the person's n-th acknowledged entry of the run is visible once the counter has grown by n. An entry seen
 * before its own 201 arrived (a fast consumer, a slow answer) counts as visible at its 201: lag 0.
 */
final class VisibilityLedger {

    private static final class Person {
        final ArrayDeque<Long> waiting = new ArrayDeque<>(); // 201 times (nanoTime) not yet seen
        long acknowledged;
        long seen;
        long earlier; // entries of an earlier phase still unseen: their sightings belong to that phase, not this one
    }

    private final Map<String, Person> people = new HashMap<>();
    private final LatencyHistogram lag = new LatencyHistogram();

    /** The 201 of one of {@code userId}'s entries arrived at {@code nanoTime}. */
    synchronized void acknowledged(String userId, long nanoTime) {
        Person p = people.computeIfAbsent(userId, u -> new Person());
        p.acknowledged++;
        if (p.seen >= p.acknowledged) {
            lag.recordNanos(0);
        } else {
            p.waiting.addLast(nanoTime);
        }
    }

    /** A poll at {@code nanoTime} found {@code appliedSinceStart} of {@code userId}'s entries applied since the run began. */
    synchronized void seen(String userId, long appliedSinceStart, long nanoTime) {
        Person p = people.computeIfAbsent(userId, u -> new Person());
        while (p.seen < appliedSinceStart) {
            p.seen++;
            if (p.earlier > 0) {
                p.earlier--;
                continue;
            }
            Long at = p.waiting.pollFirst();
            if (at != null) {
                lag.recordNanos(nanoTime - at);
            }
        }
    }

    /**
     * A ledger for the next phase of the same run, carrying each person's counts on (the counter is read against one
     * baseline for the whole run); entries of this phase still unseen are skipped there when they show up.
     */
    synchronized VisibilityLedger next() {
        VisibilityLedger next = new VisibilityLedger();
        people.forEach((user, p) -> {
            Person q = new Person();
            q.acknowledged = p.acknowledged;
            q.seen = p.seen;
            q.earlier = p.earlier + p.waiting.size();
            next.people.put(user, q);
        });
        return next;
    }

    /** Acknowledged entries not seen yet (when the run ends: counted as not measured). */
    synchronized long pending() {
        return people.values().stream().mapToLong(p -> p.waiting.size()).sum();
    }

    /** Call once when watching stops: what never became visible is reported, not dropped. */
    synchronized LatencyHistogram close() {
        for (Person p : people.values()) {
            for (int i = 0; i < p.waiting.size(); i++) {
                lag.recordMissing();
            }
            p.waiting.clear();
        }
        return lag;
    }

    LatencyHistogram lag() {
        return lag;
    }
}
