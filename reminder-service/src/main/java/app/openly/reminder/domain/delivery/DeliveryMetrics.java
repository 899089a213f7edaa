package app.openly.reminder.domain.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Prometheus, per channel: {@code openly_notifications_sent_total}, {@code openly_notifications_failed_total},
 * {@code openly_notifications_pruned_total}, {@code openly_notifications_dropped_total} (quiet hours, pause, cap at
 * send time) and {@code openly_notifications_due_to_sent_seconds} (from the reminder's due time to the push
 * service's acceptance). Channel {@code none}: a reminder with no active channel.
 */
@ApplicationScoped
@Startup
public class DeliveryMetrics {

    public static final String SENT = "openly.notifications.sent";
    public static final String FAILED = "openly.notifications.failed";
    public static final String PRUNED = "openly.notifications.pruned";
    public static final String DROPPED = "openly.notifications.dropped";
    /** Redelivered events whose (event, target) was settled before: nothing sent again. */
    public static final String DUPLICATES = "openly.notifications.duplicates";
    public static final String LATENCY = "openly.notifications.due.to.sent";
    /**
     * {@code reminders.due} records the delivery consumer gave up on and sent to {@code reminders.due.dlq}:
     * {@code reason=invalid} (poison: not a valid event) or {@code reason=failing} (a failure that outlasted the retries).
     * Any increase means a reminder did not reach a person: alerted on in deploy/.
     */
    public static final String DEAD_LETTERED = "openly.notifications.dead.lettered";

    @Inject
    MeterRegistry registry;

    /** The dead-letter series exist from the start at 0, so the alert's increase() sees the first one. */
    @PostConstruct
    void init() {
        for (String reason : new String[]{"invalid", "failing"}) {
            Counter.builder(DEAD_LETTERED).tag("reason", reason).register(registry);
        }
    }

    /** @param sinceDue from the reminder's due time to acceptance; null for a message that was never due (a test send) */
    public void sent(String channel, Duration sinceDue) {
        Counter.builder(SENT).tag("channel", channel).register(registry).increment();
        if (sinceDue == null) {
            return;
        }
        Timer.builder(LATENCY).tag("channel", channel).publishPercentiles(0.5, 0.99).register(registry)
                .record(sinceDue.isNegative() ? Duration.ZERO : sinceDue);
    }

    public void failed(String channel) {
        Counter.builder(FAILED).tag("channel", channel).register(registry).increment();
    }

    public void pruned(String channel) {
        Counter.builder(PRUNED).tag("channel", channel).register(registry).increment();
    }

    public void duplicate(String channel) {
        Counter.builder(DUPLICATES).tag("channel", channel).register(registry).increment();
    }

    public void deadLettered(String reason) {
        Counter.builder(DEAD_LETTERED).tag("reason", reason).register(registry).increment();
    }

    public void dropped(String reason) {
        Counter.builder(DROPPED).tag("reason", reason.replace(' ', '_')).register(registry).increment();
    }
}
