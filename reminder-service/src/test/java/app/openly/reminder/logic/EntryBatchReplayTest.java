package app.openly.reminder.logic;

import app.openly.events.EntryFacts;
import app.openly.events.Practice;
import app.openly.reminder.domain.logic.EntryBatchReplay;
import app.openly.reminder.domain.logic.EntryBatchReplay.Deleted;
import app.openly.reminder.domain.logic.EntryBatchReplay.Event;
import app.openly.reminder.domain.logic.EntryBatchReplay.HistoryRow;
import app.openly.reminder.domain.logic.EntryBatchReplay.Prefs;
import app.openly.reminder.domain.logic.EntryBatchReplay.Result;
import app.openly.reminder.domain.logic.EntryBatchReplay.Written;
import app.openly.reminder.domain.logic.Preferences;
import app.openly.testsupport.TestEvents;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory replay of a run of entry events against the rows the one-by-one statements would change. */
class EntryBatchReplayTest {

    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final Duration HELPFUL = Duration.ofHours(2);
    private static final String ANA = "ana", BEN = "ben";

    private static EntryFacts facts(UUID entryId, long version, Practice practice, String local, String zone) {
        return TestEvents.facts(entryId, version, practice, LocalDateTime.parse(local), zone, null, List.of());
    }

    private static Prefs berlin() {
        return new Prefs(Preferences.noneChosen(ZoneId.of("Europe/Berlin")), true, Set.of());
    }

    private static Result replay(Map<String, Prefs> prefs, Set<String> created, Map<UUID, HistoryRow> history, Map<String, Instant> latest,
                                 List<Event> events) {
        return new EntryBatchReplay(prefs, created, history, latest, HELPFUL, NOW).apply(events);
    }

    @Test
    void aRevisionArrivingAfterANewerOneChangesNothingButIsCountedAsSeen() {
        UUID id = UUID.randomUUID();
        var v3 = facts(id, 3, Practice.BODY_ANCHOR, "2026-11-01T08:00", "Europe/Berlin");
        var v2 = facts(id, 2, Practice.HONEST_SENTENCE, "2026-11-01T13:00", "Europe/Berlin");
        Result r = replay(Map.of(ANA, berlin()), Set.of(), Map.of(), Map.of(), List.of(new Written(ANA, v3), new Written(ANA, v2)));

        assertEquals(1, r.history().size());
        assertEquals(3, r.history().get(0).version());
        assertEquals(Practice.BODY_ANCHOR, r.history().get(0).practice());
        // Only the applied version chooses its practice and ends its back-off; both deliveries count as seen.
        assertEquals(Set.of(Practice.BODY_ANCHOR), r.changedPrefs().get(ANA).preferences().windows().keySet());
        assertEquals(1, r.responsesReset().size());
        assertEquals(2, r.activity().size(), "each delivery is seen, under the practice it names");
        r.activity().forEach(a -> assertEquals(1, a.seen()));
        assertEquals(Set.of(ANA), r.replan().keySet());
    }

    @Test
    void aDeleteAfterTheWriteInTheSameRunMarksTheWrittenRowDeleted() {
        UUID id = UUID.randomUUID();
        var v1 = facts(id, 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "Europe/Berlin");
        Result r = replay(Map.of(ANA, berlin()), Set.of(), Map.of(), Map.of(), List.of(new Written(ANA, v1), new Deleted(ANA, id, 2)));

        HistoryRow row = r.history().get(0);
        assertTrue(row.deleted());
        assertEquals(2, row.version());
        assertEquals(v1.occurredAt(), row.occurredAt(), "the row keeps when it happened, not a tombstone's time");
        assertEquals(Practice.BODY_ANCHOR, row.practice());
    }

    @Test
    void aDeleteBeforeTheRecordingLeavesATombstoneThatKeepsTheLateRecordingOut() {
        UUID id = UUID.randomUUID();
        var v1 = facts(id, 1, Practice.HONEST_SENTENCE, "2026-11-01T13:00", "Europe/Berlin");
        // A new person: their row is created for the run, but one by one it exists only from their first written event.
        Result r = replay(Map.of(BEN, berlin()), Set.of(BEN), Map.of(), Map.of(), List.of(new Deleted(BEN, id, 2), new Written(BEN, v1)));

        HistoryRow row = r.history().get(0);
        assertTrue(row.deleted());
        assertEquals(2, row.version());
        assertEquals(NOW, row.occurredAt());
        assertEquals("UTC", row.timeZone());
        assertEquals(LocalTime.MIDNIGHT, row.localTime());
        assertTrue(r.changedPrefs().isEmpty(), "a stale recording chooses nothing");
        assertTrue(r.replan().isEmpty(), "neither the delete (no preferences yet) nor the stale recording re-plans");
        assertEquals(1, r.activity().get(0).seen(), "the late delivery still counts as seen");
    }

    @Test
    void aDeleteOfAnotherPersonsEntryOrOfANewerVersionChangesNothing() {
        UUID id = UUID.randomUUID();
        var stored = new HistoryRow(id, ANA, Practice.BODY_ANCHOR, 3, false, Instant.parse("2026-11-01T07:00:00Z"), "Europe/Berlin",
                LocalDate.parse("2026-11-01"), LocalTime.of(8, 0));
        Result r = replay(Map.of(ANA, berlin(), BEN, berlin()), Set.of(), Map.of(id, stored), Map.of(),
                List.of(new Deleted(BEN, id, 9), new Deleted(ANA, id, 2)));

        assertTrue(r.history().isEmpty());
        assertEquals(Set.of(ANA, BEN), r.replan().keySet(), "a delete of a person with preferences re-plans them");
    }

    @Test
    void aForeignRecordingOfAKnownEntryKeepsTheRowsPerson() {
        UUID id = UUID.randomUUID();
        var stored = new HistoryRow(id, ANA, Practice.BODY_ANCHOR, 1, false, Instant.parse("2026-11-01T07:00:00Z"), "Europe/Berlin",
                LocalDate.parse("2026-11-01"), LocalTime.of(8, 0));
        Result r = replay(Map.of(BEN, berlin()), Set.of(), Map.of(id, stored), Map.of(),
                List.of(new Written(BEN, facts(id, 2, Practice.HONEST_SENTENCE, "2026-11-01T13:00", "Europe/Berlin"))));

        assertEquals(ANA, r.history().get(0).userId());
        assertEquals(Practice.HONEST_SENTENCE, r.history().get(0).practice());
    }

    @Test
    void travelMovesTheZoneToTheNewestEntrysAndAnOlderEntryElsewhereLeavesIt() {
        var inNewYork = facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "America/New_York"); // 13:00Z
        var olderInTokyo = facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T20:00", "Asia/Tokyo"); // 11:00Z, later locally
        Result r = replay(Map.of(ANA, berlin()), Set.of(), Map.of(), Map.of(ANA, Instant.parse("2026-11-01T12:00:00Z")),
                List.of(new Written(ANA, inNewYork), new Written(ANA, olderInTokyo)));

        assertEquals(ZoneId.of("America/New_York"), r.replan().get(ANA).zone());
        assertEquals(r.replan().get(ANA), r.changedPrefs().get(ANA).preferences());
    }

    @Test
    void anEntryOutsideTheRunThatOccurredLaterKeepsTheZone() {
        var inNewYork = facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "America/New_York"); // 13:00Z
        Result r = replay(Map.of(ANA, berlin()), Set.of(), Map.of(), Map.of(ANA, Instant.parse("2026-11-01T14:00:00Z")),
                List.of(new Written(ANA, inNewYork)));

        assertEquals(ZoneId.of("Europe/Berlin"), r.replan().get(ANA).zone());
    }

    @Test
    void deletingTheNewerEntryInTheRunLetsTheOlderOneMoveTheZone() {
        UUID newer = UUID.randomUUID();
        var newerInTokyo = facts(newer, 1, Practice.BODY_ANCHOR, "2026-11-01T23:00", "Asia/Tokyo"); // 14:00Z
        var olderInNewYork = facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "America/New_York"); // 13:00Z
        Prefs fixed = berlin();
        Result r = replay(Map.of(ANA, fixed), Set.of(), Map.of(), Map.of(),
                List.of(new Written(ANA, newerInTokyo), new Deleted(ANA, newer, 2), new Written(ANA, olderInNewYork)));

        assertEquals(ZoneId.of("America/New_York"), r.replan().get(ANA).zone());
    }

    @Test
    void aFixedZoneNeverFollowsTheEntries() {
        Prefs fixed = new Prefs(Preferences.noneChosen(ZoneId.of("Europe/Berlin")), false, Set.of());
        var inNewYork = facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "America/New_York");
        Result r = replay(Map.of(ANA, fixed), Set.of(), Map.of(), Map.of(), List.of(new Written(ANA, inNewYork)));

        assertEquals(ZoneId.of("Europe/Berlin"), r.replan().get(ANA).zone());
        assertTrue(EntryBatchReplay.mayTravel(List.of(new Written(ANA, inNewYork)), Map.of(ANA, fixed)).isEmpty());
    }

    @Test
    void onTheAutumnDstNightTheLaterInstantIsTheLastActivityThoughItsLocalTimeIsEarlier() {
        // 2026-10-25 in Berlin: 02:45 CEST (00:45Z) comes before 02:15 CET (01:15Z).
        var first = new EntryFacts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, Instant.parse("2026-10-25T00:45:00Z"), "Europe/Berlin",
                LocalDate.parse("2026-10-25"), LocalTime.of(2, 45), null, null, List.of(), Map.of());
        var second = new EntryFacts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, Instant.parse("2026-10-25T01:15:00Z"), "Europe/Berlin",
                LocalDate.parse("2026-10-25"), LocalTime.of(2, 15), null, null, List.of(), Map.of());
        Result r = replay(Map.of(ANA, berlin()), Set.of(), Map.of(), Map.of(), List.of(new Written(ANA, second), new Written(ANA, first)));

        var activity = r.activity().get(0);
        assertEquals(2, activity.seen());
        assertEquals(LocalTime.of(2, 15), activity.localTime());
        assertEquals(second.occurredAt(), activity.occurredAt());
    }

    @Test
    void ofTwoDeliveriesAtTheSameInstantTheLaterOneIsTheLastActivity() {
        var a = facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "Europe/Berlin");
        var b = new EntryFacts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, a.occurredAt(), "Europe/London", a.localDate(), LocalTime.of(7, 0),
                null, null, List.of(), Map.of());
        Result r = replay(Map.of(ANA, berlin()), Set.of(), Map.of(), Map.of(), List.of(new Written(ANA, a), new Written(ANA, b)));

        assertEquals("Europe/London", r.activity().get(0).timeZone());
    }

    @Test
    void aDeclinedPracticeIsNotChosenByRecordingItButItsDayIsStillDone() {
        Prefs declined = new Prefs(Preferences.noneChosen(ZoneId.of("Europe/Berlin")), true, Set.of(Practice.BODY_ANCHOR));
        var v1 = facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "Europe/Berlin");
        Result r = replay(Map.of(ANA, declined), Set.of(), Map.of(), Map.of(), List.of(new Written(ANA, v1)));

        assertFalse(r.chose().contains(ANA));
        assertTrue(r.changedPrefs().isEmpty());
        assertEquals(List.of(new EntryBatchReplay.DayDone(ANA, Practice.BODY_ANCHOR, LocalDate.parse("2026-11-01"))), r.daysDone());
        assertEquals(v1.occurredAt().minus(HELPFUL), r.helpful().get(0).from());
    }

    @Test
    void aNewPersonsPreferencesAreInTheZoneOfTheirFirstWrittenEvent() {
        var events = List.<Event>of(new Deleted(BEN, UUID.randomUUID(), 2),
                new Written(BEN, facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T08:00", "Asia/Tokyo")),
                new Written(BEN, facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T09:00", "Europe/Berlin")),
                new Written(ANA, facts(UUID.randomUUID(), 1, Practice.BODY_ANCHOR, "2026-11-01T09:00", "Europe/Berlin")));

        assertEquals(Map.of(BEN, ZoneId.of("Asia/Tokyo")), EntryBatchReplay.zonesOfNewPeople(events, Set.of(ANA)));
    }
}
