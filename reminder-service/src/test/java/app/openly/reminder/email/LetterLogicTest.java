package app.openly.reminder.email;

import app.openly.platform.i18n.Languages;
import app.openly.reminder.domain.email.LetterRenderer;
import app.openly.reminder.domain.email.logic.LetterTime;
import app.openly.reminder.domain.email.logic.SignedLinks;
import app.openly.reminder.domain.email.logic.WeekChart;
import app.openly.testsupport.i18n.KindWords;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The letter's pure parts: when it comes, its signed links, its chart, and its words in every language. */
class LetterLogicTest {

    static final LocalDate W48 = LocalDate.parse("2026-11-23");
    static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");

    @Test
    void mondayEightInThePersonsZoneAfterQuietHoursAndAfterAPause() {
        assertEquals(Optional.of(Instant.parse("2026-11-30T02:15:00Z")),
                LetterTime.sendAt(W48, KATHMANDU, DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(22, 30), LocalTime.of(7, 30), null));
        // Quiet until 09:00: at 09:00.
        assertEquals(Optional.of(Instant.parse("2026-11-30T03:15:00Z")),
                LetterTime.sendAt(W48, KATHMANDU, DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(22, 0), LocalTime.of(9, 0), null));
        // Paused until Wednesday: Thursday 08:00; paused all week: no letter for that week.
        assertEquals(Optional.of(Instant.parse("2026-12-03T02:15:00Z")),
                LetterTime.sendAt(W48, KATHMANDU, DayOfWeek.MONDAY, LocalTime.of(8, 0), null, null, LocalDate.parse("2026-12-02")));
        assertEquals(Optional.empty(),
                LetterTime.sendAt(W48, KATHMANDU, DayOfWeek.MONDAY, LocalTime.of(8, 0), null, null, LocalDate.parse("2026-12-06")));
        // Berlin: 08:00 CET.
        assertEquals(Optional.of(Instant.parse("2026-11-30T07:00:00Z")),
                LetterTime.sendAt(W48, ZoneId.of("Europe/Berlin"), DayOfWeek.MONDAY, LocalTime.of(8, 0), null, null, null));
    }

    @Test
    void unsubscribeLinksAreSignedAndCannotBeForgedOrMoved() {
        SignedLinks links = new SignedLinks("a-secret-of-at-least-thirty-two-characters!");
        String token = links.unsubscribeToken("user-1", "WEEKLY_SUMMARY");
        assertEquals(Optional.of(new SignedLinks.Unsubscribe("user-1", "WEEKLY_SUMMARY")), links.verifyUnsubscribe(token));
        assertEquals(Optional.empty(), links.verifyUnsubscribe(token.replace("WEEKLY_SUMMARY", "REMINDERS")));
        assertEquals(Optional.empty(), links.verifyUnsubscribe(links.unsubscribeToken("user-2", "WEEKLY_SUMMARY").replace("dXNlci0y", "dXNlci0x")));
        assertEquals(Optional.empty(), new SignedLinks("another-secret-of-at-least-thirty-two-chars").verifyUnsubscribe(token));
        for (String garbage : new String[]{null, "", "x", "a.b", "a.b.c", "...", "%%%.x.y"}) {
            assertEquals(Optional.empty(), links.verifyUnsubscribe(garbage));
        }
        assertNotEquals(SignedLinks.newConfirmationToken(), SignedLinks.newConfirmationToken());
        assertEquals(64, SignedLinks.hash("t").length());
    }

    @Test
    void theChartIsAPng() {
        byte[] png = WeekChart.png(List.of(3, 0, 1, 0, 2));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(png.length > 100);
    }

    @Test
    void everyLetterSentenceIsWholeAndKindInEveryLanguage() {
        assertEquals(List.of(), LetterRenderer.MAIL.problems());
        int checked = 0;
        for (String key : LetterRenderer.MAIL.keys()) {
            List<String> texts = LetterRenderer.MAIL.everyLanguage(key);
            for (int i = 0; i < texts.size(); i++) {
                String language = Languages.SUPPORTED.get(i).getLanguage();
                assertEquals(List.of(), KindWords.violations(language, texts.get(i)), language + " " + key);
                checked++;
            }
        }
        assertTrue(checked >= 4 * 30, "read " + checked);
    }
}
