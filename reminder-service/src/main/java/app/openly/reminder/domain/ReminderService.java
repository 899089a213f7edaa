package app.openly.reminder.domain;

import app.openly.events.EntryFacts;
import app.openly.events.EventEnvelope;
import app.openly.events.Practice;
import app.openly.events.ReminderDue;
import app.openly.events.Topics;
import app.openly.platform.outbox.Outbox;
import app.openly.platform.persistence.Rows;
import app.openly.platform.problem.ProblemException;
import app.openly.reminder.config.ReminderConfig;
import app.openly.reminder.domain.logic.Preferences;
import app.openly.reminder.domain.logic.ReminderPlanner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Each person's reminder schedule, kept in PostgreSQL: learned from entry events, planned by the pure
 * {@link ReminderPlanner}, and published through the outbox when due.
 *
 * <p>Locking order, the same everywhere so concurrent work cannot deadlock: the person's preferences row
 * (re-planning is serialized per person), then their {@code scheduled_reminder} rows, then
 * {@code practice_response}. The due scan never takes a preferences lock.
 */
@ApplicationScoped
public class ReminderService {

    @Inject
    EntityManager em;
    @Inject
    Outbox outbox;
    @Inject
    PreferencesStore preferences;
    @Inject
    ReminderConfig config;

    public record Upcoming(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime, String timeZone,
                           String reason, String message) {
    }

    public enum Response { OPENED, DISMISSED, SNOOZED }

    public int batchSize() {
        return config.batchSize();
    }

    // ---- learning from entry events (called inside the consumer's transaction) -----------------

    /** An entry was recorded or revised. Out-of-order safe: a version not newer than the stored one is ignored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void entryRecorded(String userId, EntryFacts f, Instant now) {
        Preferences prefs = preferences.lockOrCreate(userId, ZoneId.of(f.timeZone()), now);
        @SuppressWarnings("unchecked")
        List<Number> versions = em.createNativeQuery("select version from practice_history where entry_id = :e")
                .setParameter("e", f.entryId()).getResultList();
        if (!versions.isEmpty() && versions.get(0).longValue() >= f.version()) {
            return; // an older (or the same) event never overrides a newer state
        }
        em.createNativeQuery("""
                        insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                        values (:e, :u, :p, :v, false, :o, :z, :d, :t)
                        on conflict (entry_id) do update set practice = excluded.practice, version = excluded.version, deleted = false,
                            occurred_at = excluded.occurred_at, time_zone = excluded.time_zone, local_date = excluded.local_date,
                            local_time = excluded.local_time""")
                .setParameter("e", f.entryId()).setParameter("u", userId).setParameter("p", f.practice().name())
                .setParameter("v", f.version()).setParameter("o", utc(f.occurredAt()))
                .setParameter("z", f.timeZone()).setParameter("d", f.localDate()).setParameter("t", f.localTime())
                .executeUpdate();
        // Travel: the zone of the person's newest entry moves the schedule, unless they fixed a zone.
        int moved = em.createNativeQuery("""
                        update reminder_preferences set time_zone = :z where user_id = :u and zone_from_entries and time_zone <> :z
                        and not exists (select 1 from practice_history h where h.user_id = :u and not h.deleted and h.occurred_at > :o)""")
                .setParameter("z", f.timeZone()).setParameter("u", userId).setParameter("o", utc(f.occurredAt())).executeUpdate();
        if (moved > 0) {
            prefs = preferences.lock(userId).orElseThrow();
        }
        // A reminder shortly before the entry was helpful; a snoozed one for that day is no longer needed.
        em.createNativeQuery("""
                        update scheduled_reminder set helpful = true
                        where user_id = :u and practice = :p and status = 'SENT' and due_at between :from and :to""")
                .setParameter("u", userId).setParameter("p", f.practice().name())
                .setParameter("from", utc(f.occurredAt().minus(config.helpfulWithin()))).setParameter("to", utc(f.occurredAt()))
                .executeUpdate();
        em.createNativeQuery("delete from scheduled_reminder where user_id = :u and practice = :p and local_date = :d and status = 'PENDING'")
                .setParameter("u", userId).setParameter("p", f.practice().name()).setParameter("d", f.localDate()).executeUpdate();
        // The person returned to the practice: any back-off ends.
        em.createNativeQuery("delete from practice_response where user_id = :u and practice = :p")
                .setParameter("u", userId).setParameter("p", f.practice().name()).executeUpdate();
        replanLocked(userId, prefs, now);
    }

    /** An entry was deleted: if it was today's, the practice's reminder comes back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void entryDeleted(String userId, UUID entryId, long version, Instant now) {
        Optional<Preferences> prefs = preferences.lock(userId);
        int changed = em.createNativeQuery("""
                        update practice_history set deleted = true, version = :v where entry_id = :e and user_id = :u and version < :v""")
                .setParameter("v", version).setParameter("e", entryId).setParameter("u", userId).executeUpdate();
        if (changed == 0) {
            // Deleted before we saw it recorded: a tombstone keeps the late EntryRecorded out.
            em.createNativeQuery("""
                            insert into practice_history (entry_id, user_id, practice, version, deleted, occurred_at, time_zone, local_date, local_time)
                            values (:e, :u, 'BODY_ANCHOR', :v, true, :o, 'UTC', :d, :t) on conflict (entry_id) do nothing""")
                    .setParameter("e", entryId).setParameter("u", userId).setParameter("v", version).setParameter("o", utc(now))
                    .setParameter("d", LocalDate.ofInstant(now, ZoneOffset.UTC)).setParameter("t", LocalTime.MIDNIGHT).executeUpdate();
        }
        prefs.ifPresent(p -> replanLocked(userId, p, now));
    }

    /** UserErased: nothing of the person stays. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(String userId) {
        for (String table : List.of("scheduled_reminder", "practice_response", "practice_history", "reminder_preferences", "practice_activity",
                // notifications (issue 13): subscriptions, delivery ledger, stream tickets, channel routes
                "web_push_subscription", "notification_delivery", "stream_ticket", "notification_routing")) {
            em.createNativeQuery("delete from " + table + " where user_id = :u").setParameter("u", userId).executeUpdate();
        }
    }

    // ---- preferences ---------------------------------------------------------------------------

    @Transactional
    public PreferencesStore.Stored preferencesOf(String userId) {
        return preferences.find(userId).orElseGet(() -> new PreferencesStore.Stored(Preferences.defaults(ZoneId.of("UTC")), true));
    }

    /** Replaces the person's preferences and re-plans their reminders with them at once. */
    @Transactional
    public PreferencesStore.Stored updatePreferences(String userId, Preferences prefs, boolean zoneFromEntries, Instant now) {
        preferences.save(userId, prefs, zoneFromEntries, now);
        replanLocked(userId, preferences.lock(userId).orElseThrow(), now);
        return new PreferencesStore.Stored(prefs, zoneFromEntries);
    }

    /**
     * Changes part of the person's preferences: {@code change} sees the current ones under the person's row
     * lock, so two edits at once (phone and web) never lose one another; a refused change writes nothing.
     */
    @Transactional
    public PreferencesStore.Stored changePreferences(String userId, java.util.function.UnaryOperator<PreferencesStore.Stored> change,
                                                     Instant now) {
        PreferencesStore.Stored current = preferences.lockStored(userId)
                .orElseGet(() -> new PreferencesStore.Stored(Preferences.defaults(ZoneId.of("UTC")), true));
        PreferencesStore.Stored changed = change.apply(current);
        preferences.save(userId, changed.preferences(), changed.zoneFromEntries(), now);
        replanLocked(userId, preferences.lock(userId).orElseThrow(), now);
        return changed;
    }

    // ---- the schedule --------------------------------------------------------------------------

    /**
     * Re-plans the person's waiting reminders from preferences and history. Sent and snoozed reminders
     * keep their place (and count towards the day's cap). Ids are derived from person, practice and
     * day, so an app that scheduled a local notification from {@code /next} keeps a valid id.
     */
    private void replanLocked(String userId, Preferences prefs, Instant now) {
        LocalDate today = now.atZone(prefs.zone()).toLocalDate();
        Map<Practice, ReminderPlanner.PracticeState> states = new EnumMap<>(Practice.class);
        for (Practice p : prefs.windows().keySet()) {
            states.put(p, state(userId, p, today));
        }
        em.createNativeQuery("delete from scheduled_reminder where user_id = :u and status = 'PENDING' and not snoozed")
                .setParameter("u", userId).executeUpdate();
        // A snoozed reminder keeps its time, unless the person has since paused, dropped that day or that practice.
        @SuppressWarnings("unchecked")
        List<Object[]> snoozed = em.createNativeQuery("""
                        select id, practice, local_date from scheduled_reminder where user_id = :u and status = 'PENDING' and snoozed""")
                .setParameter("u", userId).getResultList();
        for (Object[] r : snoozed) {
            if (!prefs.remindsOf(Practice.valueOf((String) r[1]), Rows.date(r[2]))) {
                em.createNativeQuery("delete from scheduled_reminder where id = :id").setParameter("id", r[0]).executeUpdate();
            }
        }
        Map<LocalDate, Set<Practice>> taken = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> kept = em.createNativeQuery("select local_date, practice from scheduled_reminder where user_id = :u and local_date >= :d")
                .setParameter("u", userId).setParameter("d", today).getResultList();
        for (Object[] r : kept) {
            taken.computeIfAbsent(Rows.date(r[0]), d -> EnumSet.noneOf(Practice.class)).add(Practice.valueOf((String) r[1]));
        }
        for (var planned : ReminderPlanner.upcoming(prefs, states, now, config.planDays(), taken)) {
            em.createNativeQuery("""
                            insert into scheduled_reminder (id, user_id, practice, local_date, local_time, time_zone, due_at, reason, message, status)
                            values (:id, :u, :p, :d, :t, :z, :at, :r, :m, 'PENDING') on conflict do nothing""")
                    .setParameter("id", reminderId(userId, planned.practice(), planned.localDate())).setParameter("u", userId)
                    .setParameter("p", planned.practice().name()).setParameter("d", planned.localDate()).setParameter("t", planned.localTime())
                    .setParameter("z", prefs.zone().getId()).setParameter("at", utc(planned.at())).setParameter("r", planned.reason())
                    .setParameter("m", planned.message()).executeUpdate();
        }
        // Roll the schedule forward again at the person's next local midnight.
        Instant nextMidnight = today.plusDays(1).atStartOfDay(prefs.zone()).toInstant();
        em.createNativeQuery("update reminder_preferences set replan_at = :t where user_id = :u")
                .setParameter("t", utc(nextMidnight)).setParameter("u", userId).executeUpdate();
    }

    static UUID reminderId(String userId, Practice practice, LocalDate day) {
        return UUID.nameUUIDFromBytes((userId + "|" + practice.name() + "|" + day).getBytes(StandardCharsets.UTF_8));
    }

    private ReminderPlanner.PracticeState state(String userId, Practice practice, LocalDate today) {
        @SuppressWarnings("unchecked")
        List<Object> times = em.createNativeQuery("""
                        select local_time from practice_history where user_id = :u and practice = :p and not deleted
                        order by occurred_at desc limit :n""")
                .setParameter("u", userId).setParameter("p", practice.name()).setParameter("n", config.recentSamples()).getResultList();
        @SuppressWarnings("unchecked")
        List<Object> doneDays = em.createNativeQuery("""
                        select distinct local_date from practice_history where user_id = :u and practice = :p and not deleted and local_date >= :d""")
                .setParameter("u", userId).setParameter("p", practice.name()).setParameter("d", today.minusDays(1)).getResultList();
        @SuppressWarnings("unchecked")
        List<Number> unanswered = em.createNativeQuery("select unanswered_in_a_row from practice_response where user_id = :u and practice = :p")
                .setParameter("u", userId).setParameter("p", practice.name()).getResultList();
        Set<LocalDate> done = new HashSet<>();
        doneDays.forEach(d -> done.add(Rows.date(d)));
        return new ReminderPlanner.PracticeState(times.stream().map(Rows::time).toList(), done,
                unanswered.isEmpty() ? 0 : unanswered.get(0).intValue());
    }

    /** The person's upcoming reminders, earliest first, for apps that schedule local notifications. */
    @Transactional
    public List<Upcoming> next(String userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, practice, due_at, local_date, local_time, time_zone, reason, message from scheduled_reminder
                        where user_id = :u and status = 'PENDING' order by due_at""").setParameter("u", userId).getResultList();
        return rows.stream().map(r -> new Upcoming((UUID) r[0], Practice.valueOf((String) r[1]), Rows.instant(r[2]), Rows.date(r[3]),
                Rows.time(r[4]), (String) r[5], (String) r[6], (String) r[7])).toList();
    }

    public record Sent(UUID id, Practice practice, Instant at, LocalDate localDate, LocalTime localTime, String response, boolean helpful) {
    }

    /** Reminders sent since {@code since}, newest first: how each was answered and whether the practice followed. */
    @Transactional
    public List<Sent> history(String userId, Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, practice, due_at, local_date, local_time, response, helpful from scheduled_reminder
                        where user_id = :u and status = 'SENT' and due_at >= :since order by due_at desc""")
                .setParameter("u", userId).setParameter("since", utc(since)).getResultList();
        return rows.stream().map(r -> new Sent((UUID) r[0], Practice.valueOf((String) r[1]), Rows.instant(r[2]), Rows.date(r[3]),
                Rows.time(r[4]), (String) r[5], Boolean.TRUE.equals(r[6]))).toList();
    }

    /**
     * Publishes reminders due at {@code now}, at most one batch; returns how many. Each is published
     * exactly once even with several replicas: rows are claimed with {@code FOR UPDATE SKIP LOCKED}, and
     * the ReminderDue outbox row commits in the same transaction that marks the reminder SENT.
     */
    @Transactional
    public int publishDue(Instant now) {
        // Claim and mark in one statement. SKIP LOCKED keeps replicas off each other's rows, and the outer
        // "status = 'PENDING'" is re-checked on the newest row version, so a row another replica sent
        // between this statement's snapshot and its lock is never taken again.
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("""
                        update scheduled_reminder set status = 'SENT', snoozed = false, sent_at = :now
                        where status = 'PENDING' and id in (
                            select id from scheduled_reminder where status = 'PENDING' and due_at <= :now
                            order by due_at limit :n for update skip locked)
                        returning id, user_id, practice, due_at, local_time, time_zone, message, reason""")
                .setParameter("now", utc(now)).setParameter("n", config.batchSize()).getResultList();
        List<EventEnvelope> events = new ArrayList<>(due.size());
        for (Object[] r : due) {
            UUID id = (UUID) r[0];
            Instant dueAt = Rows.instant(r[3]);
            var payload = new ReminderDue(id, Practice.valueOf((String) r[2]), dueAt, Rows.time(r[4]), (String) r[5], (String) r[6], (String) r[7]);
            // One event id per reminder and due time: a snoozed reminder that falls due again is a new event.
            UUID eventId = UUID.nameUUIDFromBytes((id + "|" + dueAt).getBytes(StandardCharsets.UTF_8));
            events.add(EventEnvelope.of(eventId, now, (String) r[1], null, payload));
        }
        events.sort(Comparator.comparing((EventEnvelope e) -> ((ReminderDue) e.payload()).dueAt()));
        // A burst at a popular minute is one batch for the outbox, not a round trip per reminder.
        outbox.addAll(Topics.REMINDERS_DUE, events);
        // Sent reminders nobody answered, and that were not followed by the practice, count as ignored.
        @SuppressWarnings("unchecked")
        List<Object[]> ignored = em.createNativeQuery("""
                        update scheduled_reminder set response = 'IGNORED', responded_at = :now
                        where status = 'SENT' and response is null and id in (select id from scheduled_reminder where status = 'SENT' and response is null and due_at < :cutoff
                                     order by due_at limit :n for update skip locked)
                        returning user_id, practice, helpful""")
                .setParameter("now", utc(now)).setParameter("cutoff", utc(now.minus(config.helpfulWithin())))
                .setParameter("n", config.batchSize()).getResultList();
        for (Object[] r : ignored) {
            if (!Boolean.TRUE.equals(r[2])) {
                unanswered((String) r[0], (String) r[1]);
            }
        }
        return due.size();
    }

    /** Rolls the schedule forward for people whose local day has turned; returns how many were re-planned. */
    @Transactional
    public int replanDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<String> people = em.createNativeQuery("""
                        select user_id from reminder_preferences where replan_at <= :now order by replan_at limit :n for update skip locked""")
                .setParameter("now", utc(now)).setParameter("n", config.batchSize()).getResultList();
        for (String userId : people) {
            preferences.find(userId).ifPresent(s -> replanLocked(userId, s.preferences(), now));
        }
        return people.size();
    }

    /**
     * OPENED ends any back-off, DISMISSED counts towards it (once per reminder), SNOOZED brings the
     * reminder back after the given minutes. Another person's reminder answers 404.
     */
    @Transactional
    public void respond(String userId, UUID reminderId, Response response, Integer snoozeMinutes, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select practice, response, time_zone from scheduled_reminder where id = :id and user_id = :u for update")
                .setParameter("id", reminderId).setParameter("u", userId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("reminder");
        }
        String practice = (String) rows.get(0)[0];
        String previous = (String) rows.get(0)[1];
        String zone = (String) rows.get(0)[2];
        switch (response) {
            case OPENED -> {
                em.createNativeQuery("delete from practice_response where user_id = :u and practice = :p")
                        .setParameter("u", userId).setParameter("p", practice).executeUpdate();
                mark(reminderId, "OPENED", now);
            }
            case DISMISSED -> {
                if (previous == null) {
                    unanswered(userId, practice);
                }
                if (!"IGNORED".equals(previous)) {
                    mark(reminderId, "DISMISSED", now);
                }
            }
            case SNOOZED -> {
                // localTime follows the new moment in the reminder's zone; localDate stays the day the reminder is for.
                Instant at = now.plus(Duration.ofMinutes(snoozeMinutes)).truncatedTo(ChronoUnit.SECONDS);
                LocalTime localAt = at.atZone(ZoneId.of(zone)).toLocalTime();
                em.createNativeQuery("""
                                update scheduled_reminder set status = 'PENDING', snoozed = true, response = null, responded_at = null,
                                    due_at = :at, local_time = :t, reason = :r where id = :id""")
                        .setParameter("at", utc(at)).setParameter("t", localAt)
                        .setParameter("r", "You asked to be reminded again in " + snoozeMinutes + " minutes.")
                        .setParameter("id", reminderId).executeUpdate();
            }
            default -> throw new IllegalStateException(response.name());
        }
    }

    private void mark(UUID id, String response, Instant now) {
        em.createNativeQuery("update scheduled_reminder set response = :r, responded_at = :t where id = :id")
                .setParameter("r", response).setParameter("t", utc(now)).setParameter("id", id).executeUpdate();
    }

    private void unanswered(String userId, String practice) {
        em.createNativeQuery("""
                        insert into practice_response as r (user_id, practice, unanswered_in_a_row) values (:u, :p, 1)
                        on conflict (user_id, practice) do update set unanswered_in_a_row = r.unanswered_in_a_row + 1""")
                .setParameter("u", userId).setParameter("p", practice).executeUpdate();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
