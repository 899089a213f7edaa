package app.openly.reminder.domain.email;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The weekly letters' counters, counted by {@link WeeklyLetters} and {@link LetterSendCheck}. */
@ApplicationScoped
public class LetterCounters {

    @Inject
    MeterRegistry metrics;

    /** Prometheus: openly_letters_{scheduled,duplicates,sent,failed,dropped}_total (dropped with its reason). */
    void count(String name, String reason) {
        var counter = Counter.builder(name);
        if (reason != null) {
            counter.tag("reason", reason);
        }
        counter.register(metrics).increment();
    }
}
