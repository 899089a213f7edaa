package app.openly.insights.domain.logic;

import app.openly.events.Practice;
import app.openly.insights.domain.logic.WeeklySummaryBuilder;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.PracticeSums;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.WeekFigures;
import app.openly.platform.i18n.Languages;
import app.openly.testsupport.i18n.KindWords;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryAndAnonymityTest {

    static final WeekFigures EMPTY = new WeekFigures(Map.of(), Map.of(), 0, 0);

    @Test
    void aQuietWeekIsMetWithKindnessAndASuggestion() {
        var s = WeeklySummaryBuilder.build(EMPTY, EMPTY);
        assertEquals(0, s.daysPracticed());
        assertTrue(s.highlights().get(0).contains("quiet week"));
        // A week that has only begun is not called quiet.
        var young = WeeklySummaryBuilder.build(EMPTY, EMPTY, true);
        assertTrue(young.highlights().get(0).contains("still young"), young.highlights().toString());
        assertTrue(s.footer().contains("not medical advice"));
        assertTrue(s.suggestion().length() > 10);
    }

    @Test
    void figuresAndHighlightsComeFromTheWeek() {
        var week = new WeekFigures(Map.of(
                Practice.HONEST_SENTENCE, new PracticeSums(3, 12, 3, 0, 0, 0, 0, 0, 0, 0),
                Practice.INNER_CRITIC_REFRAME, new PracticeSums(2, 0, 0, 16, 8, 2, 0, 0, 0, 0),
                Practice.BODY_ANCHOR, new PracticeSums(1, 0, 0, 0, 0, 0, 3, 7, 1, 5)),
                Map.of("family", 3, "shame", 2, "hope", 1, "work", 1), 4, 0);
        var previous = new WeekFigures(Map.of(Practice.HONEST_SENTENCE, new PracticeSums(1, 2, 1, 0, 0, 0, 0, 0, 0, 0)),
                Map.of("family", 1), 1, 0);
        var s = WeeklySummaryBuilder.build(week, previous);
        assertEquals(4, s.daysPracticed());
        assertEquals(3, s.entriesByPractice().get(Practice.HONEST_SENTENCE));
        assertEquals(4.0, s.courageAverage());
        assertEquals("RISING", s.courageTrend());
        assertEquals(8.0, s.innerCriticIntensity().before());
        assertEquals(4.0, s.innerCriticIntensity().after());
        assertEquals(7.0, s.bodyAnchorCalm().after());
        assertEquals("family", s.topThemes().get(0).theme());
        assertEquals(2, s.topThemes().get(0).changeFromPreviousWeek());
        assertEquals(3, s.highlights().size());
        // The suggestion is tied to a practice not touched this week.
        assertTrue(s.suggestion().contains("listen") || s.suggestion().contains("gratitude"), s.suggestion());
    }

    /** Every sentence of the bundle in every language, against that language's banned phrasings (and this service's own). */
    @Test
    void noSentenceShamesInAnyLanguage() {
        List<String> alsoBanned = List.of("broke", "broken", "fail", "should have", "only managed", "streak is over");
        int checked = 0;
        for (String key : WeeklySummaryBuilder.TEXTS.keys()) {
            List<String> texts = WeeklySummaryBuilder.TEXTS.everyLanguage(key);
            for (int i = 0; i < texts.size(); i++) {
                String language = Languages.SUPPORTED.get(i).getLanguage();
                assertEquals(List.of(), KindWords.violations(language, texts.get(i)), language + " " + key);
                if (language.equals("en")) {
                    for (String b : alsoBanned) {
                        assertFalse(texts.get(i).toLowerCase().contains(b), key + " contains " + b);
                    }
                }
                checked++;
            }
        }
        assertTrue(checked >= 4 * 20, "every sentence in four languages was read: " + checked);
    }

    /** A key missing in a language, or a placeholder that differs between languages, fails here. */
    @Test
    void theBundleIsWholeInEveryLanguage() {
        assertEquals(List.of(), WeeklySummaryBuilder.TEXTS.problems());
    }

    @Test
    void aGermanSummaryIsGermanWithGermanNumbersAndTheSameMachineFields() {
        var week = new WeekFigures(Map.of(
                Practice.HONEST_SENTENCE, new PracticeSums(1, 4, 1, 0, 0, 0, 0, 0, 0, 0),
                Practice.INNER_CRITIC_REFRAME, new PracticeSums(2, 0, 0, 15, 8, 2, 0, 0, 0, 0)),
                Map.of(), 3, 0);
        var en = WeeklySummaryBuilder.build(week, EMPTY, false, Locale.ENGLISH);
        var de = WeeklySummaryBuilder.build(week, EMPTY, false, Locale.GERMAN);
        assertEquals(List.of("Du hast dir diese Woche an 3 Tagen Zeit für dich genommen.",
                "Du hast einen ehrlichen Satz geteilt. Jeder davon ist ein kleiner mutiger Schritt.",
                "Als sich der innere Kritiker meldete, hat deine sanftere Antwort ihn von 7,5 auf 4,0 leiser werden lassen."), de.highlights());
        assertEquals("When the inner critic spoke, your gentler answer softened it from 7.5 to 4.0.", en.highlights().get(2));
        assertEquals("You shared one honest sentence. Each one is a small act of courage.", en.highlights().get(1));
        assertEquals(en.highlightCodes(), de.highlightCodes());
        assertEquals(List.of(WeeklySummaryBuilder.Highlight.DAYS_PRACTICED, WeeklySummaryBuilder.Highlight.HONEST_SENTENCES,
                WeeklySummaryBuilder.Highlight.CRITIC_SOFTENED), de.highlightCodes());
        assertEquals(Practice.PRESENT_LISTENING, de.suggestedPractice());
        assertTrue(de.footer().contains("keine medizinische Beratung"), de.footer());
        assertEquals("de", de.locale());
        assertEquals("Diese Woche war ruhig, und das ist in Ordnung. Auch Ruhe gehört zum Rhythmus.",
                WeeklySummaryBuilder.build(EMPTY, EMPTY, false, Locale.GERMAN).highlights().get(0));
        assertTrue(WeeklySummaryBuilder.build(EMPTY, EMPTY, false, Locale.FRENCH).footer().contains("pas un avis médical"));
        assertTrue(WeeklySummaryBuilder.build(EMPTY, EMPTY, false, Locale.forLanguageTag("es")).footer().contains("No es consejo médico"));
    }
}
