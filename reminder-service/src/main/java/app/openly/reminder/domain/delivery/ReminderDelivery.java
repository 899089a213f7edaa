package app.openly.reminder.domain.delivery;

import app.openly.events.EventEnvelope;
import app.openly.events.ReminderDue;
import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.ReminderPreferences;
import app.openly.reminder.domain.delivery.logic.Backoff;
import app.openly.reminder.domain.delivery.NotificationChannel.Notification;
import app.openly.reminder.domain.delivery.NotificationChannel.SendResult;
import app.openly.reminder.domain.delivery.logic.PushEndpointPolicy;
import app.openly.reminder.domain.delivery.logic.SendTimeRules;
import app.openly.reminder.domain.logic.Messages;
import app.openly.reminder.domain.logic.Preferences;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Delivers one due reminder to every target of every {@link NotificationChannel} the person routed reminders to
 * (Web Push browsers, Android and iOS devices), exactly once per (event, channel, target): the ledger is claimed
 * before and settled after each send. Transient failures (no answer, 429, 5xx) are retried with exponential
 * backoff and jitter, honouring {@code Retry-After}; a target the vendor calls gone is pruned; after the last
 * attempt the failure is recorded and counted. Quiet hours, pause and the daily cap are checked again before
 * every attempt. The notification carries only the template message and a link.
 */
@ApplicationScoped
public class ReminderDelivery {

    private static final Logger LOG = Logger.getLogger(ReminderDelivery.class);
    private static final SecureRandom JITTER = new SecureRandom();
    /** The test notification in English; a person gets it in their language ({@link #testMessage(String)}). */
    public static final String TEST_MESSAGE = Messages.TEST_NOTIFICATION;

    /**
     * What one delivery to one target came to (also what POST /test answers per target).
     *
     * @param channel the {@link NotificationChannel#name()}, null for an outcome of the event as a whole
     */
    public record TargetOutcome(String channel, String target, DeliveryLedger.Status status, int attempts, String detail) {
    }

    @Inject
    DeliveryConfig config;
    @Inject
    Instance<NotificationChannel<?>> channels;
    @Inject
    WebPushChannel webPush;
    @Inject
    DeliveryLedger ledger;
    @Inject
    DeliveryMetrics metrics;
    @Inject
    NotificationRouting routing;
    @Inject
    ReminderPreferences reminders;
    @Inject
    Clock clock;
    @Inject
    app.openly.reminder.domain.language.PersonLocales locales;

    private Backoff backoff;

    @PostConstruct
    void init() {
        backoff = new Backoff(config.delivery().backoffBase(), config.delivery().backoffMax());
    }

    public PushEndpointPolicy endpoints() {
        return webPush.endpoints();
    }

    /** One channel with the person's targets on it. */
    private record Targets<T extends NotificationChannel.Target>(NotificationChannel<T> channel, List<T> targets) {
        static <T extends NotificationChannel.Target> Targets<T> of(NotificationChannel<T> channel, String userId) {
            return new Targets<>(channel, channel.targetsOf(userId));
        }
    }

    /** Delivers a {@code reminders.due} event; anything else on the topic is not ours to deliver. */
    public List<TargetOutcome> deliver(EventEnvelope event) {
        if (!(event.payload() instanceof ReminderDue due)) {
            return List.of();
        }
        String userId = event.userId();
        if (!ledger.stillScheduled(userId, due.reminderId())) {
            // Erased person (or a reminder re-planned away): nothing to deliver, and no row written about them.
            return List.of();
        }
        Optional<String> refusal = sendTimeRefusal(userId, event.eventId());
        if (refusal.isPresent()) {
            if (ledger.recordOnce(event.eventId(), userId, due.reminderId(), due.dueAt(), DeliveryLedger.Status.DROPPED, refusal.get(), clock.instant())) {
                metrics.dropped(refusal.get());
            }
            return List.of(new TargetOutcome(null, DeliveryLedger.NO_TARGET, DeliveryLedger.Status.DROPPED, 0, refusal.get()));
        }
        Notification notification = notification("reminder", safeMessage(due), due.reminderId(), topic(due), false);
        return deliver(new Delivery(event.eventId(), userId, NotificationKind.REMINDERS, notification, due.reminderId(), due.dueAt()));
    }

    /**
     * One notification to deliver: what {@link #deliver(Delivery)} needs from any kind of event.
     *
     * @param eventId      the event it comes from: with the channel and target, the ledger's key (a redelivery sends nothing twice)
     * @param kind         routes it: the person's preferences say which channels get this kind
     * @param notification built by {@link #notification}: only a template sentence and a link, never a person's words
     * @param reminderId   the reminder it is about, or null (the history shows delivery per reminder)
     * @param dueAt        when it fell due: the latency metric measures from here
     */
    public record Delivery(UUID eventId, String userId, NotificationKind kind, Notification notification, UUID reminderId, Instant dueAt) {
    }

    /**
     * Delivers a notification to every target of every channel the person routes its kind to, exactly once per
     * (event, channel, target), with the retries, pruning, metrics and ledger described on the class. The caller has
     * checked that it is still wanted; pause, quiet hours and the daily cap are checked again before every retry
     * (a notification that waited into the quiet hours is dropped). This is where another kind (a partner nudge)
     * plugs in: build the {@link Notification}, call this.
     */
    public List<TargetOutcome> deliver(Delivery d) {
        List<Targets<?>> active = activeTargets(d.userId(), d.kind());
        if (active.isEmpty()) {
            if (ledger.recordOnce(d.eventId(), d.userId(), d.reminderId(), d.dueAt(), DeliveryLedger.Status.NOT_DELIVERED,
                    "no active channel", clock.instant())) {
                metrics.failed(DeliveryLedger.NO_CHANNEL);
            }
            return List.of(new TargetOutcome(null, DeliveryLedger.NO_TARGET, DeliveryLedger.Status.NOT_DELIVERED, 0, "no active channel"));
        }
        List<TargetOutcome> outcomes = new ArrayList<>();
        for (Targets<?> targets : active) {
            outcomes.addAll(deliverAll(d, targets));
        }
        return outcomes;
    }

    /** The person's targets on every channel they route {@code kind} to; channels without targets left out. */
    List<Targets<?>> activeTargets(String userId, NotificationKind kind) {
        var routes = routing.of(userId).getOrDefault(kind, java.util.Set.of());
        List<Targets<?>> active = new ArrayList<>();
        for (NotificationChannel<?> channel : channels) {
            if (routes.contains(channel.route())) {
                Targets<?> targets = Targets.of(channel, userId);
                if (!targets.targets().isEmpty()) {
                    active.add(targets);
                }
            }
        }
        return active;
    }

    private <T extends NotificationChannel.Target> List<TargetOutcome> deliverAll(Delivery d, Targets<T> targets) {
        return targets.targets().stream().map(t -> deliverTo(d, targets.channel(), t)).toList();
    }

    private <T extends NotificationChannel.Target> TargetOutcome deliverTo(Delivery d, NotificationChannel<T> channel, T target) {
        String name = channel.name();
        if (!ledger.claim(d.eventId(), name, target.id(), d.userId(), d.reminderId(), d.dueAt(), clock.instant())) {
            metrics.duplicate(name);
            return new TargetOutcome(name, target.id(), DeliveryLedger.Status.SENT, 0, "already settled");
        }
        int attempt = 0;
        while (true) {
            attempt++;
            if (attempt > 1) {
                // Time passed while waiting: the person's wishes may forbid sending now.
                Optional<String> refusal = sendTimeRefusal(d.userId(), d.eventId());
                if (refusal.isPresent()) {
                    metrics.dropped(refusal.get());
                    return settle(d, name, target, DeliveryLedger.Status.DROPPED, attempt - 1, refusal.get());
                }
            }
            Optional<String> notAllowed = channel.refusal(target);
            if (notAllowed.isPresent()) {
                metrics.failed(name);
                return settle(d, name, target, DeliveryLedger.Status.FAILED, attempt - 1, notAllowed.get());
            }
            SendResult result = channel.send(target, d.notification());
            switch (result.outcome()) {
                case ACCEPTED -> {
                    metrics.sent(name, Duration.between(d.dueAt(), clock.instant()));
                    return settle(d, name, target, DeliveryLedger.Status.SENT, attempt, null);
                }
                case GONE -> {
                    channel.prune(target);
                    metrics.pruned(name);
                    return settle(d, name, target, DeliveryLedger.Status.PRUNED, attempt, result.detail());
                }
                case REFUSED -> {
                    metrics.failed(name);
                    LOG.infof("%s for event %s to target %s refused: %s", name, d.eventId(), target.id(), result.detail());
                    return settle(d, name, target, DeliveryLedger.Status.FAILED, attempt, result.detail());
                }
                case RETRY -> {
                    if (attempt >= config.delivery().maxAttempts()) {
                        metrics.failed(name);
                        LOG.infof("%s for event %s to target %s not delivered after %d attempt(s): %s", name, d.eventId(), target.id(), attempt,
                                result.detail());
                        return settle(d, name, target, DeliveryLedger.Status.FAILED, attempt, result.detail());
                    }
                }
            }
            Duration wait = backoff.delay(attempt, JITTER::nextDouble);
            if (result.retryAfter().isPresent()) {
                if (result.retryAfter().get().compareTo(config.delivery().retryAfterMax()) > 0) {
                    metrics.failed(name);
                    return settle(d, name, target, DeliveryLedger.Status.FAILED, attempt,
                            result.detail() + ", Retry-After beyond " + config.delivery().retryAfterMax());
                }
                wait = result.retryAfter().get().compareTo(wait) > 0 ? result.retryAfter().get() : wait;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Left SENDING: the redelivered event claims it again.
                throw new IllegalStateException("interrupted while waiting to retry", e);
            }
        }
    }

    /** "This is how your reminders will look", in the person's language. */
    public String testMessage(String userId) {
        return Messages.testNotification(locales.localeOf(userId));
    }

    /** Sends "this is how your reminders will look" once to every target of every channel (no retries, no ledger). */
    public List<TargetOutcome> sendTest(String userId) {
        Notification notification = notification("test", testMessage(userId), null, "openly-test", true);
        List<TargetOutcome> outcomes = new ArrayList<>();
        for (NotificationChannel<?> channel : channels) {
            outcomes.addAll(testAll(Targets.of(channel, userId), notification));
        }
        return outcomes;
    }

    private <T extends NotificationChannel.Target> List<TargetOutcome> testAll(Targets<T> targets, Notification notification) {
        NotificationChannel<T> channel = targets.channel();
        String name = channel.name();
        return targets.targets().stream().map(t -> {
            Optional<String> notAllowed = channel.refusal(t);
            if (notAllowed.isPresent()) {
                return new TargetOutcome(name, t.id(), DeliveryLedger.Status.FAILED, 0, notAllowed.get());
            }
            SendResult r = channel.send(t, notification);
            switch (r.outcome()) {
                case ACCEPTED -> {
                    metrics.sent(name, null);
                    return new TargetOutcome(name, t.id(), DeliveryLedger.Status.SENT, 1, null);
                }
                case GONE -> {
                    channel.prune(t);
                    metrics.pruned(name);
                    return new TargetOutcome(name, t.id(), DeliveryLedger.Status.PRUNED, 1, r.detail());
                }
                default -> {
                    metrics.failed(name);
                    return new TargetOutcome(name, t.id(), DeliveryLedger.Status.FAILED, 1, r.detail());
                }
            }
        }).toList();
    }

    private TargetOutcome settle(Delivery d, String channel, NotificationChannel.Target target, DeliveryLedger.Status status,
                                 int attempts, String detail) {
        ledger.settle(d.eventId(), channel, target.id(), status, attempts, detail, clock.instant());
        return new TargetOutcome(channel, target.id(), status, attempts, detail);
    }

    private Optional<String> sendTimeRefusal(String userId, UUID eventId) {
        Preferences prefs = reminders.preferencesOf(userId).preferences();
        Instant now = clock.instant();
        LocalDate today = now.atZone(prefs.zone()).toLocalDate();
        int sentToday = ledger.remindersSent(userId, today.atStartOfDay(prefs.zone()).toInstant(),
                today.plusDays(1).atStartOfDay(prefs.zone()).toInstant(), eventId);
        return SendTimeRules.refusal(prefs, now, sentToday);
    }

    /** Lock-screen safe: only one of the service's own templates ever goes out, whatever the event carries. */
    public static String safeMessage(ReminderDue due) {
        return Messages.all().contains(due.message()) ? due.message() : Messages.message(due.practice());
    }

    /** One collapse key per practice: a newer reminder of the same practice replaces an unread older one on the device. */
    static String topic(ReminderDue due) {
        return ("reminder-" + due.practice().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The notification every channel renders: a title, the template message and a link into the app. */
    public Notification notification(String kind, String message, UUID reminderId, String collapseKey, boolean urgent) {
        String url = reminderId == null ? config.appUrl() : config.appUrl() + "?reminder=" + reminderId;
        return new Notification(kind, "Openly", message, url, reminderId, collapseKey, urgent);
    }

    /** What the service worker and an open page show (JSON). Never entry text or themes. */
    public String payload(String kind, String message, UUID reminderId) {
        return webPush.payload(notification(kind, message, reminderId, null, false));
    }
}
