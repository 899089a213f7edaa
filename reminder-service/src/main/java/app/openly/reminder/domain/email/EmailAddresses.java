package app.openly.reminder.domain.email;

import app.openly.reminder.config.EmailConfig;
import app.openly.reminder.domain.email.logic.SignedLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
            store.subscribeAll(userId, now);
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

    /** Confirms the address the token was sent to, once; empty when the token is unknown, expired or used. */
    @Transactional
    public Optional<String> confirm(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return store.confirm(SignedLinks.hash(token), clock.instant());
    }

    @Transactional
    public boolean unsubscribe(String userId, String kind) {
        return store.unsubscribe(userId, kind, clock.instant());
    }

    @Transactional
    public boolean remove(String userId) {
        return store.delete(userId);
    }
}
