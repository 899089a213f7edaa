package app.openly.reminder.domain.email;

import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.WeeklySummaryReady;
import app.openly.reminder.config.EmailConfig;
import app.openly.reminder.domain.PreferencesStore;
import app.openly.reminder.domain.email.logic.LetterTime;
import app.openly.reminder.domain.email.logic.SignedLinks;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weekly letter: when a person's week closes ({@code WeeklySummaryReady}) it takes its one place in the
 * ledger, to be sent on their local morning (default Monday 08:00); when its time comes it is sent to their
 * confirmed address in their language, while their routes send the weekly summary to e-mail and unless they paused, or it is their quiet time. The ledger
 * row is claimed before the send and settled after (short transactions, never held over SMTP); a redelivered
 * event finds the row and sends nothing more. What is checked at send time is {@link LetterSendCheck}'s; the counters
 * are {@link LetterCounters}'.
 */
@ApplicationScoped
public class WeeklyLetters {

    /** The kind of notification the weekly letter is, as its unsubscribe link names it. */
    public static final String KIND = app.openly.reminder.domain.delivery.NotificationKind.WEEKLY_SUMMARY.name();
    private static final Logger LOG = Logger.getLogger(WeeklyLetters.class);

    @Inject
    WeeklyLetterStore letters;
    @Inject
    EmailAddressStore addresses;
    @Inject
    PreferencesStore preferences;
    @Inject
    LetterRenderer renderer;
    @Inject
    LetterSendCheck checks;
    @Inject
    LetterCounters counters;
    @Inject
    MailOut mail;
    @Inject
    EmailConfig config;
    @Inject
    Clock clock;

    private volatile SignedLinks links;

    /**
     * The letter of a closed week takes its place in the ledger (once: false for a redelivered event). A person
     * without an address gets no row at all: nothing is recorded about people who did not ask for letters.
     */
    @Transactional
    public boolean schedule(EventEnvelope event, WeeklySummaryReady week) {
        String userId = event.userId();
        if (addresses.find(userId, false).isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Optional<PreferencesStore.Stored> stored = preferences.find(userId);
        // The zone the week closed in, unless the person fixed a zone of their own in their preferences.
        ZoneId zone = stored.filter(s -> !s.zoneFromEntries()).map(s -> s.preferences().zone()).orElse(ZoneId.of(week.timeZone()));
        LocalDate monday = LocalDate.parse(week.week() + "-1", DateTimeFormatter.ISO_WEEK_DATE);
        var prefs = stored.map(PreferencesStore.Stored::preferences);
        Optional<Instant> sendAt = LetterTime.sendAt(monday, zone, config.letter().day(), config.letter().time(),
                prefs.map(p -> p.quietStart()).orElse(null), prefs.map(p -> p.quietEnd()).orElse(null),
                prefs.map(p -> p.pausedUntil()).orElse(null));
        String figures;
        try {
            figures = EventJson.writer().writeValueAsString(week);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        boolean recorded = sendAt.isPresent()
                ? letters.insertOnce(userId, week.week(), event.eventId(), WeeklyLetterStore.Status.SCHEDULED, sendAt.get(), zone.getId(), figures, null, now)
                : letters.insertOnce(userId, week.week(), event.eventId(), WeeklyLetterStore.Status.DROPPED, now, zone.getId(), figures, "paused", now);
        counters.count(recorded ? "openly.letters.scheduled" : "openly.letters.duplicates", null);
        return recorded;
    }

    /** Sends every letter whose time has come; returns how many were sent. */
    public int sendDue() {
        Instant now = clock.instant();
        int sent = 0;
        while (true) {
            List<WeeklyLetterStore.Claimed> batch = QuarkusTransaction.requiringNew()
                    .call(() -> letters.claimDue(now, now.minus(config.letter().sendingTimeout()), 20));
            for (WeeklyLetterStore.Claimed letter : batch) {
                if (send(letter, now)) {
                    sent++;
                }
            }
            if (batch.size() < 20) {
                return sent;
            }
        }
    }

    private boolean send(WeeklyLetterStore.Claimed letter, Instant now) {
        Optional<LetterSendCheck.Outgoing> outgoing = QuarkusTransaction.requiringNew().call(() -> checks.decide(letter, now));
        if (outgoing.isEmpty()) {
            return false;
        }
        try {
            WeeklySummaryReady week = EventJson.reader().forType(WeeklySummaryReady.class).readValue(letter.figures());
            String unsubscribe = unsubscribeUrl(letter.userId());
            var rendered = renderer.weekly(week, outgoing.get().locale(), unsubscribe);
            mail.send(outgoing.get().address(), rendered, Map.of(
                    "List-Unsubscribe", "<" + unsubscribe + ">",
                    "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        } catch (Exception e) {
            // Never the address or the figures in the log: whose letter (an opaque id), which week, what kind of failure.
            boolean last = letter.attempt() >= config.letter().maxAttempts();
            LOG.warnf("weekly letter %s of %s, attempt %d: %s%s", letter.week(), letter.userId(), letter.attempt(),
                    e.getClass().getSimpleName(), last ? " (giving up)" : "");
            QuarkusTransaction.requiringNew().run(() -> {
                if (last) {
                    counters.count("openly.letters.failed", null);
                    letters.settle(letter.userId(), letter.week(), WeeklyLetterStore.Status.FAILED, e.getClass().getSimpleName(), clock.instant());
                } else {
                    Duration wait = config.letter().retryAfter().multipliedBy(1L << Math.min(10, letter.attempt() - 1));
                    letters.reschedule(letter.userId(), letter.week(), clock.instant().plus(wait), e.getClass().getSimpleName(), clock.instant());
                }
            });
            return false;
        }
        QuarkusTransaction.requiringNew().run(() -> letters.settle(letter.userId(), letter.week(), WeeklyLetterStore.Status.SENT, null, clock.instant()));
        counters.count("openly.letters.sent", null);
        return true;
    }

    /** The one-click unsubscribe link of this person's weekly letters (RFC 8058): signed, works without signing in. */
    public String unsubscribeUrl(String userId) {
        return config.linkBase() + "/api/v1/notifications/email/unsubscribe?token="
                + URLEncoder.encode(links().unsubscribeToken(userId, KIND), StandardCharsets.UTF_8);
    }

    public synchronized SignedLinks links() {
        SignedLinks l = links;
        if (l == null) {
            String secret = config.linkSecret().orElseGet(() -> {
                LOG.warn("openly.email.link-secret is not set: unsubscribe links are signed with a random key and stop working "
                        + "when this process restarts; set OPENLY_EMAIL_LINK_SECRET (a Secret) in production");
                return SignedLinks.newConfirmationToken() + SignedLinks.newConfirmationToken();
            });
            l = new SignedLinks(secret);
            links = l;
        }
        return l;
    }

    @Transactional
    public Optional<String> status(String userId, String week) {
        return letters.status(userId, week);
    }
}
