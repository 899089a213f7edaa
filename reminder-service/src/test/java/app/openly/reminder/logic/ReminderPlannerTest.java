package app.openly.reminder.logic;

import app.openly.events.Practice;
import app.openly.reminder.domain.logic.LearnedTime;
import app.openly.reminder.domain.logic.Messages;
import app.openly.reminder.domain.logic.Preferences;
import app.openly.reminder.domain.logic.ReminderPlanner;
import app.openly.reminder.domain.logic.ReminderPlanner.PracticeState;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReminderPlannerTest {

    private static Preferences ritualOnly(String zone, String start, String end) {
        return new Preferences(ZoneId.of(zone), Map.of(Practice.RITUAL_OF_OPENNESS,
                new Preferences.Window(LocalTime.parse(start), LocalTime.parse(end))),
                EnumSet.allOf(DayOfWeek.class), LocalTime.of(23, 30), LocalTime.of(7, 0), 2, null);
    }

    private static Instant at(String zone, String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(ZoneId.of(zone)).toInstant();
    }

    private static List<ReminderPlanner.Planned> plan(Preferences p, PracticeState s, Instant now, int days) {
        return ReminderPlanner.upcoming(p, Map.of(Practice.RITUAL_OF_OPENNESS, s), now, days);
    }

    @Test
    void circularMeanAveragesAcrossMidnight() {
        assertEquals(LocalTime.MIDNIGHT, LearnedTime.of(List.of(LocalTime.of(23, 50), LocalTime.of(0, 10), LocalTime.of(23, 50), LocalTime.of(0, 10))).orElseThrow());
        assertEquals(LocalTime.of(21, 40), LearnedTime.of(List.of(LocalTime.of(21, 40), LocalTime.of(21, 35), LocalTime.of(21, 45))).orElseThrow());
        assertTrue(LearnedTime.of(List.of(LocalTime.of(21, 40), LocalTime.of(21, 35))).isEmpty(), "two entries teach nothing yet");
        // Newer entries weigh more.
        LocalTime t = LearnedTime.of(List.of(LocalTime.of(22, 0), LocalTime.of(22, 0), LocalTime.of(20, 0), LocalTime.of(20, 0))).orElseThrow();
        assertTrue(t.isAfter(LocalTime.of(21, 0)), t.toString());
    }

    @Test
    void theReminderMovesTowardTheHabitAndSaysWhy() {
        var state = new PracticeState(List.of(LocalTime.of(21, 40), LocalTime.of(21, 45), LocalTime.of(21, 35)), Set.of(), 0);
        var p = plan(ritualOnly("Europe/Berlin", "21:00", "22:30"), state, at("Europe/Berlin", "2026-11-24T12:00"), 1).get(0);
        assertEquals(LocalTime.of(21, 40), p.localTime());
        assertEquals("You usually reflect around 9:40 PM, so we moved this from 9:00 PM.", p.reason());
    }

    @Test
    void aGermanSpeakerReadsGermanWithTwentyFourHourTimes() {
        var state = new PracticeState(List.of(LocalTime.of(21, 40), LocalTime.of(21, 45), LocalTime.of(21, 35)), Set.of(), 0);
        var p = ReminderPlanner.upcoming(ritualOnly("Europe/Berlin", "21:00", "22:30"), Map.of(Practice.RITUAL_OF_OPENNESS, state),
                at("Europe/Berlin", "2026-11-24T12:00"), 1, Map.of(), java.util.Locale.GERMAN).get(0);
        assertEquals("Du nimmst dir meist gegen 21:40 Zeit zum Nachspüren, deshalb haben wir dies von 21:00 dorthin verschoben.", p.reason());
        assertEquals("Ein ruhiger Moment für dein Ritual der Offenheit, wann immer es sich richtig anfühlt.", p.message());
        var fr = ReminderPlanner.upcoming(ritualOnly("Europe/Paris", "21:00", "22:30"), Map.of(), at("Europe/Paris", "2026-11-24T12:00"), 1,
                Map.of(), java.util.Locale.FRENCH).get(0);
        assertEquals("Au début de ta plage horaire pour cette pratique (21:00).", fr.reason());
    }

    @Test
    void aHabitOutsideTheWindowIsClampedIntoIt() {
        var late = new PracticeState(List.of(LocalTime.of(23, 50), LocalTime.of(0, 10), LocalTime.of(23, 55)), Set.of(), 0);
        var p = plan(ritualOnly("Europe/Berlin", "21:00", "22:30"), late, at("Europe/Berlin", "2026-11-24T12:00"), 1).get(0);
        assertEquals(LocalTime.of(22, 30), p.localTime());
        assertTrue(p.reason().contains("inside your window"), p.reason());
    }

    @Test
    void noReminderForAPracticeAlreadyDoneTodayButTomorrowAgain() {
        var done = new PracticeState(List.of(), Set.of(LocalDate.parse("2026-11-24")), 0);
        var plans = plan(ritualOnly("Europe/Berlin", "21:00", "22:30"), done, at("Europe/Berlin", "2026-11-24T08:00"), 2);
        assertEquals(1, plans.size());
        assertEquals(LocalDate.parse("2026-11-25"), plans.get(0).localDate());
    }

    @Test
    void dstNewYorkSpringAndFallKeepsLocalTime() {
        var p = ritualOnly("America/New_York", "21:30", "22:30");
        var spring = plan(p, PracticeState.fresh(), at("America/New_York", "2026-03-07T12:00"), 2);
        assertEquals(LocalTime.of(21, 30), spring.get(0).localTime());
        assertEquals(LocalTime.of(21, 30), spring.get(1).localTime());
        assertEquals(Duration.ofHours(23), Duration.between(spring.get(0).at(), spring.get(1).at()), "the short day");
        var fall = plan(p, PracticeState.fresh(), at("America/New_York", "2026-10-31T12:00"), 2);
        assertEquals(Duration.ofHours(25), Duration.between(fall.get(0).at(), fall.get(1).at()), "the long day");
        assertEquals(LocalTime.of(21, 30), fall.get(1).localTime());
    }

    @Test
    void aTimeThatDoesNotExistMovesForwardAndAnAmbiguousOneFiresOnce() {
        var earlyBody = new Preferences(ZoneId.of("America/New_York"), Map.of(Practice.BODY_ANCHOR,
                new Preferences.Window(LocalTime.of(2, 30), LocalTime.of(4, 0))), EnumSet.allOf(DayOfWeek.class), null, null, 2, null);
        var gap = ReminderPlanner.upcoming(earlyBody, Map.of(), at("America/New_York", "2026-03-08T00:00"), 1).get(0);
        assertEquals(LocalTime.of(3, 30), gap.localTime(), "02:30 does not exist on 2026-03-08");
        assertTrue(gap.reason().contains("does not exist"));
        var overlapPrefs = new Preferences(ZoneId.of("Europe/Berlin"), Map.of(Practice.BODY_ANCHOR,
                new Preferences.Window(LocalTime.of(2, 30), LocalTime.of(4, 0))), EnumSet.allOf(DayOfWeek.class), null, null, 2, null);
        var overlap = ReminderPlanner.upcoming(overlapPrefs, Map.of(), at("Europe/Berlin", "2026-10-25T00:00"), 1);
        assertEquals(1, overlap.size(), "02:30 happens twice on 2026-10-25 in Berlin; the reminder once");
        assertEquals(ZonedDateTime.parse("2026-10-25T02:30+02:00[Europe/Berlin]").toInstant(), overlap.get(0).at(), "at the first 02:30");
    }

    @Test
    void lordHoweHalfHourDstAndKathmandu() {
        // Lord Howe moves from +10:30 to +11:00 at 02:00 on 2026-10-04.
        var lh = ritualOnly("Australia/Lord_Howe", "21:00", "22:00");
        var plans = plan(lh, PracticeState.fresh(), at("Australia/Lord_Howe", "2026-10-03T12:00"), 2);
        assertEquals(Duration.ofMinutes(23 * 60 + 30), Duration.between(plans.get(0).at(), plans.get(1).at()));
        assertEquals(LocalTime.of(21, 0), plans.get(1).localTime());
        var gapPrefs = new Preferences(ZoneId.of("Australia/Lord_Howe"), Map.of(Practice.BODY_ANCHOR,
                new Preferences.Window(LocalTime.of(2, 10), LocalTime.of(3, 0))), EnumSet.allOf(DayOfWeek.class), null, null, 2, null);
        assertEquals(LocalTime.of(2, 40), ReminderPlanner.upcoming(gapPrefs, Map.of(), at("Australia/Lord_Howe", "2026-10-04T00:00"), 1).get(0).localTime());
        // Kathmandu is +05:45 all year.
        var k = plan(ritualOnly("Asia/Kathmandu", "21:00", "22:00"), PracticeState.fresh(), at("Asia/Kathmandu", "2026-11-24T08:00"), 1).get(0);
        assertEquals(Instant.parse("2026-11-24T15:15:00Z"), k.at());
    }

    @Test
    void quietHoursDailyCapPauseAndDays() {
        var all = Preferences.defaults(ZoneId.of("Europe/Berlin"));
        var plans = ReminderPlanner.upcoming(all, Map.of(), at("Europe/Berlin", "2026-11-24T00:01"), 1);
        assertEquals(2, plans.size(), "two a day by default, however many practices");
        assertEquals(Practice.BODY_ANCHOR, plans.get(0).practice(), "the earliest ones");
        var quietLate = new Preferences(ZoneId.of("Europe/Berlin"), Map.of(Practice.RITUAL_OF_OPENNESS,
                new Preferences.Window(LocalTime.of(21, 0), LocalTime.of(23, 0))), EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(20, 0), LocalTime.of(7, 0), 2, null);
        var late = new PracticeState(List.of(LocalTime.of(22, 30), LocalTime.of(22, 30), LocalTime.of(22, 30)), Set.of(), 0);
        assertTrue(ReminderPlanner.upcoming(quietLate, Map.of(Practice.RITUAL_OF_OPENNESS, late), at("Europe/Berlin", "2026-11-24T08:00"), 1).isEmpty(),
                "a window inside quiet hours stays quiet");
        var paused = new Preferences(all.zone(), all.windows(), all.days(), all.quietStart(), all.quietEnd(), 2, LocalDate.parse("2026-11-30"));
        assertTrue(ReminderPlanner.upcoming(paused, Map.of(), at("Europe/Berlin", "2026-11-24T00:01"), 6).isEmpty());
        assertFalse(ReminderPlanner.upcoming(paused, Map.of(), at("Europe/Berlin", "2026-11-24T00:01"), 8).isEmpty());
        var weekdays = new Preferences(all.zone(), all.windows(), EnumSet.of(DayOfWeek.SATURDAY), all.quietStart(), all.quietEnd(), 2, null);
        assertTrue(ReminderPlanner.upcoming(weekdays, Map.of(), at("Europe/Berlin", "2026-11-24T00:01"), 4).isEmpty(), "Tue to Fri");
    }

    @Test
    void remindersAlreadySentCountTowardsTheCapAndAreNotPlannedAgain() {
        var all = Preferences.defaults(ZoneId.of("Europe/Berlin"));
        LocalDate day = LocalDate.parse("2026-11-24");
        var taken = Map.of(day, Set.of(Practice.BODY_ANCHOR));
        var plans = ReminderPlanner.upcoming(all, Map.of(), at("Europe/Berlin", "2026-11-24T10:00"), 1, taken);
        assertEquals(1, plans.size(), "one sent this morning leaves room for one more");
        assertEquals(Practice.HONEST_SENTENCE, plans.get(0).practice());
        var both = Map.of(day, Set.of(Practice.BODY_ANCHOR, Practice.HONEST_SENTENCE));
        assertTrue(ReminderPlanner.upcoming(all, Map.of(), at("Europe/Berlin", "2026-11-24T10:00"), 1, both).isEmpty(), "the cap is reached");
    }

    @Test
    void withinTheCapThePracticesThePersonKeepsComeFirst() {
        var all = Preferences.defaults(ZoneId.of("Europe/Berlin"));
        var ritual = new PracticeState(List.of(LocalTime.of(21, 40), LocalTime.of(21, 40), LocalTime.of(21, 40)), Set.of(), 0);
        var plans = ReminderPlanner.upcoming(all, Map.of(Practice.RITUAL_OF_OPENNESS, ritual), at("Europe/Berlin", "2026-11-24T00:01"), 1);
        assertEquals(List.of(Practice.BODY_ANCHOR, Practice.RITUAL_OF_OPENNESS), plans.stream().map(ReminderPlanner.Planned::practice).toList());
        assertEquals(LocalTime.of(21, 40), plans.get(1).localTime());
    }

    @Test
    void aPassedTimeComesALittleLaterWhileTheWindowIsOpenAndNeverInQuietHours() {
        var p = ritualOnly("Europe/Berlin", "21:00", "22:30");
        var plans = plan(p, PracticeState.fresh(), at("Europe/Berlin", "2026-11-24T21:12"), 1);
        assertEquals(1, plans.size());
        assertEquals(LocalTime.of(21, 20), plans.get(0).localTime());
        assertTrue(plans.get(0).reason().contains("window stays open until 10:30 PM"), plans.get(0).reason());
        assertTrue(plan(p, PracticeState.fresh(), at("Europe/Berlin", "2026-11-24T22:27"), 1).isEmpty(), "the window has closed by then");
        var quiet = new Preferences(ZoneId.of("Europe/Berlin"), p.windows(), p.days(), LocalTime.of(21, 15), LocalTime.of(7, 0), 2, null);
        assertTrue(plan(quiet, PracticeState.fresh(), at("Europe/Berlin", "2026-11-24T21:12"), 1).isEmpty(), "quiet hours began at 21:15");
    }

    @Test
    void unansweredRemindersComeLessOftenThenRest() {
        var p = ritualOnly("Europe/Berlin", "21:00", "22:30");
        Instant now = at("Europe/Berlin", "2026-11-24T08:00");
        assertEquals(6, plan(p, new PracticeState(List.of(), Set.of(), 0), now, 6).size());
        assertEquals(3, plan(p, new PracticeState(List.of(), Set.of(), 2), now, 6).size());
        assertEquals(2, plan(p, new PracticeState(List.of(), Set.of(), 4), now, 6).size());
        assertEquals(0, plan(p, new PracticeState(List.of(), Set.of(), 6), now, 6).size());
    }

    /** Every sentence of the bundle, in every language, against that language's banned phrasings. */
    @Test
    void messagesAreWarmAndGuiltFreeInEveryLanguage() {
        int checked = 0;
        for (String key : Messages.TEXTS.keys()) {
            List<String> texts = Messages.TEXTS.everyLanguage(key);
            for (int i = 0; i < texts.size(); i++) {
                String language = app.openly.platform.i18n.Languages.SUPPORTED.get(i).getLanguage();
                assertEquals(List.of(), app.openly.testsupport.i18n.KindWords.violations(language, texts.get(i)), language + " " + key);
                checked++;
            }
        }
        // The ritual's reasons and partner messages (issue 12) as formatted, in every language.
        List<String> ritual = Messages.ritualSentences();
        assertEquals(4 * 4, ritual.size());
        for (int i = 0; i < ritual.size(); i++) {
            String language = app.openly.platform.i18n.Languages.SUPPORTED.get(i / 4).getLanguage();
            assertEquals(List.of(), app.openly.testsupport.i18n.KindWords.violations(language, ritual.get(i)), ritual.get(i));
        }
        assertTrue(checked >= 4 * 28, "every sentence in four languages was read: " + checked);
        // The banned list itself bites (a test that cannot fail proves nothing).
        assertFalse(app.openly.testsupport.i18n.KindWords.violations("de", "Vergiss nicht, deine Serie ist gerissen!").isEmpty());
        assertFalse(app.openly.testsupport.i18n.KindWords.violations("fr", "N’oublie pas ta pratique").isEmpty());
    }

    /** The ritual's reasons speak the person's language and write the time as it does (issue 14). */
    @Test
    void theSharedEveningReasonIsWordedAndTimedForTheLanguage() {
        java.time.LocalTime t = java.time.LocalTime.of(22, 30);
        assertEquals("This comes at 10:30 PM so that you and your partner are both in your evening.",
                Messages.sharedEvening(t, java.util.Locale.ENGLISH));
        assertEquals("Dies kommt um 22:30, damit du und dein Ritual-Gegenüber beide gerade euren Abend habt.",
                Messages.sharedEvening(t, java.util.Locale.GERMAN));
        assertEquals("Ce rappel arrive à 22:30 pour que ton binôme et toi soyez dans votre soirée au même moment.",
                Messages.sharedEvening(t, java.util.Locale.FRENCH));
        assertTrue(Messages.noSharedEvening(java.util.Locale.forLanguageTag("es")).startsWith("Ese día tu noche y la de tu pareja no coinciden"));
        // Every partner message in every language may go out as a notification body (the lock-screen allow-list).
        for (java.util.Locale l : app.openly.platform.i18n.Languages.SUPPORTED) {
            assertTrue(Messages.all().contains(Messages.partnerNudge(l)), l.toString());
            assertTrue(Messages.all().contains(Messages.partnerSharedTonight(l)), l.toString());
        }
    }

    /** A key missing in a language, or a placeholder that differs, fails here (the check is tested in platform's TextsTest). */
    @Test
    void theBundleIsWholeInEveryLanguage() {
        assertEquals(List.of(), Messages.TEXTS.problems());
    }
}
