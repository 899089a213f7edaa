package app.openly.journal.domain;

import app.openly.events.EntryFacts;
import app.openly.events.EventJson;
import app.openly.events.PracticeMetrics;
import app.openly.journal.domain.crypto.EntryCipher;
import app.openly.journal.domain.themes.ThemeClassifier;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Between a draft and its stored row: themes are derived from the text first, then the text is
 * encrypted under the author's key; reading decrypts it again. Also the facts an event may carry.
 */
@ApplicationScoped
public class EntryCodec {

    private static final ObjectMapper JSON = EventJson.mapper();

    @Inject
    EntryCipher cipher;
    @Inject
    MeterRegistry registry;

    private Timer cryptoTimer;
    private Timer themesTimer;

    @PostConstruct
    void init() {
        cryptoTimer = registry.timer("openly.journal.crypto");
        themesTimer = registry.timer("openly.journal.themes");
    }

    /** Writes the draft into {@code entry} (whose id and userId are set): dates, numbers, themes, ciphertext. */
    public void seal(JournalEntry entry, EntryDraft draft, Instant now) {
        ZonedDateTime local = draft.occurredAt().atZoneSameInstant(draft.zone());
        entry.practice = draft.practice();
        entry.occurredAt = draft.occurredAt().toInstant();
        entry.timeZone = draft.zone().getId();
        entry.localDate = local.toLocalDate();
        entry.localTime = local.toLocalTime().withNano(0);
        entry.feeling = draft.feeling();
        entry.metrics = json(draft.metrics());
        entry.themes = themesTimer.record(() -> ThemeClassifier.classify(draft.content().classifiable())).toArray(String[]::new);
        entry.textLengths = json(draft.content().lengths());
        byte[] plaintext = jsonBytes(draft.content());
        entry.content = cryptoTimer.record(() -> cipher.encrypt(entry.userId, entry.id.toString(), plaintext));
        entry.updatedAt = now;
    }

    /** Decrypts under the author's key (the entry's own userId), whoever may read it. */
    public DecryptedEntry open(JournalEntry entry) {
        byte[] plain = cryptoTimer.record(() -> cipher.decrypt(entry.userId, entry.id.toString(), entry.content));
        try {
            return new DecryptedEntry(entry, JSON.readValue(plain, EntryContent.class), JSON.readValue(entry.metrics, PracticeMetrics.class));
        } catch (IOException e) {
            throw new IllegalStateException("stored entry cannot be read", e);
        }
    }

    /**
     * What an entry event says about the entry just sealed from {@code draft}: never its text. The metrics and text
     * lengths are the draft's own objects, not the JSON {@link #seal} wrote into the entry parsed back (issue 17:
     * re-reading them was most of Jackson's share of a write); {@code EntryCodecTest} checks both give equal facts.
     */
    public static EntryFacts facts(JournalEntry e, EntryDraft draft) {
        return new EntryFacts(e.id, e.version, e.practice, e.occurredAt, e.timeZone, e.localDate, e.localTime, e.feeling,
                draft.metrics(), List.of(e.themes), draft.content().lengths());
    }

    /** What an entry event says about a stored entry (read back from its columns): never its text. */
    static EntryFacts facts(JournalEntry e) {
        try {
            return new EntryFacts(e.id, e.version, e.practice, e.occurredAt, e.timeZone, e.localDate, e.localTime, e.feeling,
                    JSON.readValue(e.metrics, PracticeMetrics.class), List.of(e.themes),
                    JSON.readValue(e.textLengths, new TypeReference<Map<String, Integer>>() {
                    }));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored facts cannot be read", ex);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] jsonBytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
