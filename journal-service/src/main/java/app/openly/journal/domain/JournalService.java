package app.openly.journal.domain;

import app.openly.events.EntryDeleted;
import app.openly.events.EntryFacts;
import app.openly.events.EntryRecorded;
import app.openly.events.EntryRevised;
import app.openly.events.EventEnvelope;
import app.openly.events.EventJson;
import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.events.Topics;
import app.openly.events.UserErased;
import app.openly.journal.config.JournalConfig;
import app.openly.journal.domain.crypto.EntryCipher;
import app.openly.journal.domain.themes.ThemeClassifier;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.persistence.Rows;
import app.openly.platform.problem.Problem;
import app.openly.platform.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The journal: every write stores the entry and its event in one transaction (outbox), under a
 * per-person lock so a person's events keep commit order. Text is encrypted before it reaches the
 * database; themes are derived from it first.
 */
@ApplicationScoped
public class JournalService {

    private static final ObjectMapper JSON = EventJson.mapper();

    @Inject
    Outbox outbox;
    @Inject
    EntryCipher cipher;
    @Inject
    Clock clock;
    @Inject
    EntityManager em;
    @Inject
    JournalConfig config;
    @Inject
    MeterRegistry registry;

    private Timer cryptoTimer;
    private Timer themesTimer;

    @PostConstruct
    void init() {
        cryptoTimer = registry.timer("openly.journal.crypto");
        themesTimer = registry.timer("openly.journal.themes");
    }

    /** A stored entry with its decrypted content, for the person who wrote it. */
    public record Decrypted(JournalEntry entry, EntryContent content, PracticeMetrics metrics) {
    }

    public record Page(List<Decrypted> items, String nextCursor) {
    }

    /**
     * Spends one write of the person's budget, or refuses the write with 429 and Retry-After (the
     * transaction then rolls back: nothing is written, nothing is spent). Call under {@code lockPerson}.
     */
    private void spendWriteBudget(String userId, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select tokens, refilled_at from write_allowance where user_id = :u")
                .setParameter("u", userId).getResultList();
        RateLimiter.Bucket bucket = rows.isEmpty() ? null
                : new RateLimiter.Bucket(((Number) rows.get(0)[0]).doubleValue(), Rows.instant(rows.get(0)[1]));
        var decision = RateLimiter.take(bucket, now, config.rateLimit().writesPerMinute());
        if (!decision.allowed()) {
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            throw new ProblemException(Problem.of(429, "too-many-requests", "Let's slow down a little",
                    "You've written a lot in a short time. Try again in " + seconds + " s."), Map.of("Retry-After", String.valueOf(seconds)));
        }
        em.createNativeQuery("""
                        insert into write_allowance (user_id, tokens, refilled_at) values (:u, :t, :at)
                        on conflict (user_id) do update set tokens = excluded.tokens, refilled_at = excluded.refilled_at""")
                .setParameter("u", userId).setParameter("t", decision.after().tokens())
                .setParameter("at", decision.after().refilledAt().atOffset(java.time.ZoneOffset.UTC)).executeUpdate();
    }

    @Transactional
    public Decrypted record(String userId, String orgId, EntryDraft draft, String idempotencyKey, byte[] requestHash) {
        outbox.lockPerson(userId);
        if (idempotencyKey != null) {
            Optional<Decrypted> earlier = replay(userId, idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return earlier.get(); // a retry of a write already made spends nothing
            }
        }
        Instant now = clock.instant();
        spendWriteBudget(userId, now);
        JournalEntry entry = new JournalEntry();
        entry.id = UUID.randomUUID();
        entry.userId = userId;
        entry.version = 1;
        entry.createdAt = now;
        apply(entry, draft, now);
        entry.persist();
        if (idempotencyKey != null) {
            em.createNativeQuery("insert into idempotency_key (user_id, key, request_hash, entry_id, created_at) values (:u, :k, :h, :e, :t)")
                    .setParameter("u", userId).setParameter("k", idempotencyKey).setParameter("h", requestHash)
                    .setParameter("e", entry.id).setParameter("t", now).executeUpdate();
        }
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), now, userId, orgId, new EntryRecorded(facts(entry))));
        return new Decrypted(entry, draft.content(), draft.metrics());
    }

    @Transactional
    public Decrypted revise(String userId, String orgId, UUID id, long expectedVersion, EntryDraft draft) {
        outbox.lockPerson(userId);
        spendWriteBudget(userId, clock.instant());
        JournalEntry entry = owned(userId, id);
        if (entry.version != expectedVersion) {
            throw new ProblemException(Problem.of(412, "stale-version", "This entry changed since you read it",
                    "Reload it and apply your edit again."));
        }
        LocalDate previousDate = entry.localDate;
        Instant now = clock.instant();
        entry.version++;
        apply(entry, draft, now);
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), now, userId, orgId,
                new EntryRevised(facts(entry), previousDate)));
        return new Decrypted(entry, draft.content(), draft.metrics());
    }

    @Transactional
    public void delete(String userId, String orgId, UUID id, Long expectedVersion) {
        outbox.lockPerson(userId);
        spendWriteBudget(userId, clock.instant());
        JournalEntry entry = owned(userId, id);
        if (expectedVersion != null && entry.version != expectedVersion) {
            throw new ProblemException(Problem.of(412, "stale-version", "This entry changed since you read it",
                    "Reload it before deleting."));
        }
        entry.delete();
        em.createNativeQuery("delete from idempotency_key where user_id = :u and entry_id = :e")
                .setParameter("u", userId).setParameter("e", id).executeUpdate();
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), clock.instant(), userId, orgId,
                new EntryDeleted(entry.id, entry.version + 1, entry.practice, entry.localDate, entry.timeZone)));
    }

    @Transactional
    public Decrypted find(String userId, UUID id) {
        return decrypt(owned(userId, id));
    }

    /** Newest first; the cursor is opaque to clients (occurredAt and id of the last item). */
    @Transactional
    public Page list(String userId, Practice practice, LocalDate from, LocalDate to, String cursor, int limit) {
        StringBuilder q = new StringBuilder("userId = :u");
        var params = new java.util.HashMap<String, Object>();
        params.put("u", userId);
        if (practice != null) {
            q.append(" and practice = :p");
            params.put("p", practice);
        }
        if (from != null) {
            q.append(" and localDate >= :from");
            params.put("from", from);
        }
        if (to != null) {
            q.append(" and localDate <= :to");
            params.put("to", to);
        }
        if (cursor != null) {
            Cursor c = Cursor.parse(cursor);
            q.append(" and (occurredAt < :ct or (occurredAt = :ct and id < :cid))");
            params.put("ct", c.occurredAt());
            params.put("cid", c.id());
        }
        q.append(" order by occurredAt desc, id desc");
        List<JournalEntry> rows = JournalEntry.<JournalEntry>find(q.toString(), params).page(0, limit + 1).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            JournalEntry last = rows.get(limit - 1);
            next = new Cursor(last.occurredAt, last.id).encode();
        }
        return new Page(rows.stream().map(this::decrypt).toList(), next);
    }

    /** Everything the person wrote, decrypted, oldest first (GDPR Art. 20). */
    @Transactional
    public List<Decrypted> export(String userId) {
        return JournalEntry.<JournalEntry>list("userId = ?1 order by occurredAt, id", userId).stream().map(this::decrypt).toList();
    }

    /** The platform's catalogue of personal-data tables, shared by erasure and export. */
    @Inject
    app.openly.platform.privacy.PersonalData personalData;

    /**
     * Erasure (GDPR Art. 17): the person's rows and data key go, unpublished events are dropped and
     * {@code UserErased} tells the other services to erase too. Ciphertext in backups stays unreadable
     * because the key is gone.
     */
    @Transactional
    public long erase(String userId, String orgId) {
        outbox.lockPerson(userId);
        // Every table keyed by the person (entries, data key, idempotency keys, write budget, and any added
        // later) and their unpublished events: the same catalogue the export reads.
        long entries = personalData.erase(userId).getOrDefault("journal_entry", 0);
        cipher.destroyKey(userId); // already gone with the catalogue; said here because it is what makes backups unreadable
        outbox.add(Topics.JOURNAL_ENTRY_EVENTS, EventEnvelope.of(UUID.randomUUID(), clock.instant(), userId, orgId, new UserErased()));
        return entries;
    }

    public String promptOfToday(String userId, Practice practice, java.time.ZoneId zone) {
        return Prompts.forDay(userId, practice, LocalDate.now(clock.withZone(zone)));
    }

    private Optional<Decrypted> replay(String userId, String key, byte[] requestHash) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select request_hash, entry_id from idempotency_key where user_id = :u and key = :k")
                .setParameter("u", userId).setParameter("k", key).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (!Arrays.equals((byte[]) rows.get(0)[0], requestHash)) {
            throw new ProblemException(Problem.of(422, "idempotency-key-reused", "This Idempotency-Key was used for a different entry",
                    "Use a new Idempotency-Key for a new entry.", List.of(new Problem.FieldError("Idempotency-Key", "was used with another body"))));
        }
        JournalEntry entry = JournalEntry.findById(rows.get(0)[1]);
        if (entry == null) {
            throw new ProblemException(Problem.of(409, "entry-deleted", "The entry of this Idempotency-Key was deleted",
                    "Use a new Idempotency-Key to record it again."));
        }
        return Optional.of(decrypt(entry));
    }

    private JournalEntry owned(String userId, UUID id) {
        return Optional.ofNullable(JournalEntry.<JournalEntry>findById(id))
                .filter(e -> e.userId.equals(userId))
                .orElseThrow(() -> ProblemException.notFound("entry"));
    }

    private void apply(JournalEntry entry, EntryDraft draft, Instant now) {
        ZonedDateTime local = draft.occurredAt().atZoneSameInstant(draft.zone());
        entry.practice = draft.practice();
        entry.occurredAt = draft.occurredAt().toInstant();
        entry.timeZone = draft.zone().getId();
        entry.localDate = local.toLocalDate();
        entry.localTime = local.toLocalTime().withNano(0);
        entry.feeling = draft.feeling();
        entry.metrics = json(draft.metrics());
        entry.themes = timed(themesTimer, () -> ThemeClassifier.classify(draft.content().classifiable())).toArray(String[]::new);
        entry.textLengths = json(draft.content().lengths());
        byte[] plaintext = jsonBytes(draft.content());
        entry.content = timed(cryptoTimer, () -> cipher.encrypt(entry.userId, entry.id.toString(), plaintext));
        entry.updatedAt = now;
    }

    private Decrypted decrypt(JournalEntry entry) {
        byte[] plain = timed(cryptoTimer, () -> cipher.decrypt(entry.userId, entry.id.toString(), entry.content));
        try {
            return new Decrypted(entry, JSON.readValue(plain, EntryContent.class), JSON.readValue(entry.metrics, PracticeMetrics.class));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored entry cannot be read", e);
        }
    }

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

    private static <T> T timed(Timer timer, Supplier<T> work) {
        return timer.record(work);
    }

    private static String json(Object value) {
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


    /** Pagination position: occurredAt and id of the last item returned. */
    record Cursor(Instant occurredAt, UUID id) {
        String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((occurredAt.toString() + "|" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Cursor parse(String cursor) {
            try {
                String raw = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                return new Cursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw ProblemException.badField("cursor", "is not a cursor from a previous page");
            }
        }
    }
}
