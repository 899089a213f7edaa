package app.openly.reminder.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

/** Letters by e-mail (issue 14): double opt-in, the weekly letter, one-click unsubscribe. SMTP itself is quarkus.mailer.*. */
@ConfigMapping(prefix = "openly.email")
public interface EmailConfig {

    /** The sender of every letter. */
    @WithDefault("Openly <letters@openly.local>")
    String from();

    /** The public URL of this service's API, for the confirmation and unsubscribe links (they work without signing in). */
    @WithDefault("http://127.0.0.1:8082")
    String linkBase();

    /**
     * The key that signs unsubscribe links (HMAC-SHA256), at least 32 characters; a Kubernetes Secret in production.
     * Changing it makes the links in letters already sent stop working. Without one, a random key per process is used
     * (and a warning logged): links then work only until the service restarts, but none can be forged.
     */
    Optional<String> linkSecret();

    /** How long a confirmation link works. */
    @WithDefault("PT24H")
    Duration confirmationLifetime();

    /** Confirmation mails a person may cause within 24 hours (an address is someone's inbox: no flooding it). */
    @WithDefault("3")
    int confirmationsPerDay();

    Letter letter();

    interface Letter {
        /** The local day and time the weekly letter arrives, unless quiet hours or a pause say otherwise. */
        @WithDefault("MONDAY")
        DayOfWeek day();

        @WithDefault("08:00")
        LocalTime time();

        /** How often due letters are looked for; "off" in tests, which drive it with explicit instants. */
        @WithDefault("30s")
        String every();

        @WithDefault("5")
        int maxAttempts();

        /** The wait after the first failed attempt; it doubles each attempt. */
        @WithDefault("PT1M")
        Duration retryAfter();

        /** A letter claimed longer ago than this (the sender died mid-way) is claimed again. */
        @WithDefault("PT10M")
        Duration sendingTimeout();
    }
}
