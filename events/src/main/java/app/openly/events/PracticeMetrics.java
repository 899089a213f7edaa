package app.openly.events;

/**
 * The numeric and boolean fields of the five practices; a field not used by the practice is {@code null}.
 *
 * @param courage          HONEST_SENTENCE: how hard it felt, 1–5
 * @param shared           HONEST_SENTENCE: whether they actually said it
 * @param minutes          PRESENT_LISTENING / BODY_ANCHOR: minutes spent
 * @param urgeToFix        PRESENT_LISTENING: strength of the urge to fix, 0–10
 * @param ritualKind       RITUAL_OF_OPENNESS: gratitude or unsaid truth
 * @param pairedRitual     RITUAL_OF_OPENNESS: done with a paired partner in the app
 * @param intensityBefore  INNER_CRITIC_REFRAME: 0–10
 * @param intensityAfter   INNER_CRITIC_REFRAME: 0–10
 * @param breaths          BODY_ANCHOR: number of slow breaths
 * @param handOnHeart      BODY_ANCHOR
 * @param calmBefore       BODY_ANCHOR: 0–10
 * @param calmAfter        BODY_ANCHOR: 0–10
 */
public record PracticeMetrics(
        Integer courage,
        Boolean shared,
        Integer minutes,
        Integer urgeToFix,
        RitualKind ritualKind,
        Boolean pairedRitual,
        Integer intensityBefore,
        Integer intensityAfter,
        Integer breaths,
        Boolean handOnHeart,
        Integer calmBefore,
        Integer calmAfter) {

    public static final PracticeMetrics NONE =
            new PracticeMetrics(null, null, null, null, null, null, null, null, null, null, null, null);
}
