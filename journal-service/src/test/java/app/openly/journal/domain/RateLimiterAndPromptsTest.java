package app.openly.journal.domain;

import app.openly.events.Practice;
import app.openly.platform.i18n.Languages;
import app.openly.testsupport.i18n.KindWords;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterAndPromptsTest {

    @Test
    void aPersonMayBurstUpToTheRateThenWaitsForTheNextToken() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        RateLimiter.Bucket bucket = null; // never wrote: a full bucket
        for (int i = 0; i < 6; i++) { // 6 a minute: one token per 10 s
            var d = RateLimiter.take(bucket, t0, 6);
            assertTrue(d.allowed());
            bucket = d.after();
        }
        var refused = RateLimiter.take(bucket, t0, 6);
        assertFalse(refused.allowed());
        assertEquals(Duration.ofSeconds(10), refused.retryAfter());
        var later = RateLimiter.take(refused.after(), t0.plusSeconds(4), 6);
        assertFalse(later.allowed());
        assertEquals(Duration.ofSeconds(6), later.retryAfter(), "the wait shrinks as the bucket refills");
        assertTrue(RateLimiter.take(bucket, t0.plusSeconds(10), 6).allowed());
        // A long pause refills to the burst size, never beyond it.
        var rested = RateLimiter.take(bucket, t0.plus(Duration.ofHours(5)), 6);
        assertEquals(5.0, rested.after().tokens(), 1e-9);
        // A replica whose clock is behind the last writer's neither refills nor moves the bucket back in time.
        var skewed = RateLimiter.take(new RateLimiter.Bucket(0.5, t0), t0.minusSeconds(30), 6);
        assertFalse(skewed.allowed());
        assertEquals(t0, skewed.after().refilledAt());
    }

    @Test
    void promptsDoNotRepeatUntilAllWereShown() {
        for (Practice practice : Practice.values()) {
            int n = Prompts.COUNTS.get(practice);
            long firstDayOfCycle = Math.floorDiv(LocalDate.parse("2026-11-25").toEpochDay(), n) * n;
            for (Locale language : Languages.SUPPORTED) {
                Set<String> seen = new HashSet<>();
                for (int d = 0; d < n; d++) {
                    assertTrue(seen.add(Prompts.forDay("person-1", practice, LocalDate.ofEpochDay(firstDayOfCycle + d), language)),
                            practice + " repeated within a cycle in " + language);
                }
            }
            assertEquals(Prompts.forDay("p", practice, LocalDate.parse("2026-11-25")), Prompts.forDay("p", practice, LocalDate.parse("2026-11-25")));
        }
    }

    /** A person who changes language keeps their place in the walk: the same prompt, in the other words. */
    @Test
    void theDailyPromptIsTheSamePlaceInEveryLanguage() {
        LocalDate day = LocalDate.parse("2026-12-02");
        int place = Prompts.placeForDay("person-2", Practice.BODY_ANCHOR, day);
        for (Locale language : Languages.SUPPORTED) {
            assertEquals(Prompts.all(Practice.BODY_ANCHOR, language).get(place - 1), Prompts.forDay("person-2", Practice.BODY_ANCHOR, day, language));
        }
        assertEquals("Pon una mano sobre el corazón y respira despacio cinco veces.", Prompts.text(Practice.BODY_ANCHOR, 1, Locale.forLanguageTag("es")));
        assertEquals("Place a hand on your heart and take five slow breaths.", Prompts.text(Practice.BODY_ANCHOR, 1, Locale.forLanguageTag("pt")),
                "a language Openly does not speak yet reads English");
        assertEquals(31, Prompts.COUNTS.values().stream().mapToInt(Integer::intValue).sum(), "31 curated prompts");
    }

    /** Every prompt in every language, against that language's banned phrasings (and this service's own English ones). */
    @Test
    void promptsAreGentleInEveryLanguage() {
        int checked = 0;
        for (String key : Prompts.TEXTS.keys()) {
            List<String> texts = Prompts.TEXTS.everyLanguage(key);
            for (int i = 0; i < texts.size(); i++) {
                String language = Languages.SUPPORTED.get(i).getLanguage();
                assertEquals(List.of(), KindWords.violations(language, texts.get(i)), language + " " + key);
                if (language.equals("en")) {
                    String lower = texts.get(i).toLowerCase(Locale.ROOT);
                    for (String banned : new String[]{"you failed", "streak", "don't forget", "you should have", "must"}) {
                        assertFalse(lower.contains(banned), texts.get(i));
                    }
                }
                checked++;
            }
        }
        assertTrue(checked >= 4 * 31, "every prompt in four languages was read: " + checked);
    }

    /** A key missing in a language, or a placeholder that differs between languages, fails here. */
    @Test
    void theBundleIsWholeInEveryLanguage() {
        assertEquals(List.of(), Prompts.TEXTS.problems());
    }
}
