package app.openly.insights.domain.logic;

import app.openly.events.Practice;
import app.openly.insights.domain.logic.WeeklySummaryBuilder;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.PracticeSums;
import app.openly.insights.domain.logic.WeeklySummaryBuilder.WeekFigures;
import org.junit.jupiter.api.Test;

import java.util.List;
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

    @Test
    void noTemplateShames() {
        List<String> banned = List.of("broke", "broken", "failed", "fail", "don't forget", "missed", "lazy", "should have",
                "disappoint", "only managed", "you forgot", "streak is over");
        for (String t : WeeklySummaryBuilder.allTemplates()) {
            for (String b : banned) {
                assertFalse(t.toLowerCase().contains(b), t + " contains " + b);
            }
        }
    }
}
