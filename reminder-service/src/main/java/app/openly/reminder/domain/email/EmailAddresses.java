package app.openly.reminder.domain.email;

import app.openly.reminder.config.EmailConfig;
import app.openly.reminder.domain.delivery.Channel;
import app.openly.reminder.domain.delivery.NotificationKind;
import app.openly.reminder.domain.delivery.NotificationRouting;
import app.openly.reminder.domain.email.logic.SignedLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A person's e-mail address with double opt-in: a new or changed address gets one confirmation mail with a
 * single-use link (24 h) and nothing else until it is confirmed. Re-entering the confirmed address turns every
 * kind of letter on again without a new confirmation.
 */
@ApplicationScoped
public class EmailAddresses {

    /** Thrown when a person asked for more confirmation mails than allowed in 24 hours. */
    public static class TooManyConfirmationsException extends RuntimeException {
        public final Instant retryAt;

        public TooManyConfirmationsException(Instant retryAt) {
            super("too many confirmation mails");
            this.retryAt = retryAt;
        }
    }

    /** The outcome of entering an address: still to confirm (with the token to mail), or already confirmed. */
    public record Entered(EmailAddressStore.StoredAddress address, Optional<String> confirmationToken) {
    }

    @Inject
    EmailAddressStore store;
    @Inject
    EmailConfig config;
    @Inject
    Clock clock;
    @Inject
    NotificationRouting routing;

    @Transactional
    public Optional<EmailAddressStore.StoredAddress> of(String userId) {
        return store.find(userId, false);
    }

    /** Stores the address (unconfirmed unless it is the person's confirmed one) and returns the token to mail. */
    @Transactional
    public Entered enter(String userId, String address) {
        Instant now = clock.instant();
        Optional<EmailAddressStore.StoredAddress> current = store.find(userId, true);
        if (current.isPresent() && current.get().confirmed() && current.get().address().equalsIgnoreCase(address)) {
            routing.add(userId, NotificationKind.WEEKLY_SUMMARY, Channel.EMAIL, now);
            return new Entered(store.find(userId, false).orElseThrow(), Optional.empty());
        }
        Instant window = current.map(EmailAddressStore.StoredAddress::confirmationsWindow).orElse(now);
        int sent = current.map(EmailAddressStore.StoredAddress::confirmationsSent).orElse(0);
        if (window.plus(Duration.ofHours(24)).isBefore(now)) {
            window = now;
            sent = 0;
        }
        if (sent >= config.confirmationsPerDay()) {
            throw new TooManyConfirmationsException(window.plus(Duration.ofHours(24)));
        }
        String token = SignedLinks.newConfirmationToken();
        store.savePending(userId, address, SignedLinks.hash(token), now.plus(config.confirmationLifetime()), sent + 1, window, now);
        return new Entered(store.find(userId, false).orElseThrow(), Optional.of(token));
    }

    /**
     * The person whose address the token would confirm, without confirming it (the page a link opens asks first, and
     * a link that was used or has expired says so at once instead of after the button); empty when it would not.
     */
    @Transactional
    public Optional<String> wouldConfirm(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return store.pendingConfirmation(SignedLinks.hash(token), clock.instant());
    }

    /**
     * Confirms the address the token was sent to, once; empty when the token is unknown, expired or used. Confirming
     * is asking for letters: the weekly summary's route to e-mail is turned on (again), whatever the routes said.
     */
    @Transactional
    public Optional<String> confirm(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<String> confirmed = store.confirm(SignedLinks.hash(token), now);
        confirmed.ifPresent(userId -> routing.add(userId, NotificationKind.WEEKLY_SUMMARY, Channel.EMAIL, now));
        return confirmed;
    }

    /**
     * No more letters of this kind by e-mail: the kind's route to e-mail is removed (what GET /notifications/preferences
     * shows). Only for a person who still has an address: a link of an erased person writes nothing about them.
     */
    @Transactional
    public boolean unsubscribe(String userId, NotificationKind kind) {
        if (store.find(userId, true).isEmpty()) {
            return false;
        }
        routing.remove(userId, kind, Channel.EMAIL, clock.instant());
        return true;
    }

    /** The kinds of letter that do not go to the person's address (their routes leave out e-mail for them). */
    @Transactional
    public List<String> unsubscribedKinds(String userId) {
        var routes = routing.of(userId);
        return java.util.Arrays.stream(NotificationKind.values()).filter(Channel.EMAIL::carries)
                .filter(k -> !routes.getOrDefault(k, java.util.Set.of()).contains(Channel.EMAIL)).map(Enum::name).toList();
    }

    @Transactional
    public boolean remove(String userId) {
        return store.delete(userId);
    }
}
