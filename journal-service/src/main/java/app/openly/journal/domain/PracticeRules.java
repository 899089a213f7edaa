package app.openly.journal.domain;

import app.openly.events.Practice;
import app.openly.events.PracticeMetrics;
import app.openly.journal.domain.JournalException.FieldIssue;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which fields belong to which practice, which are required, and the checks bean validation cannot
 * express (zone ids, future times). Pure Java: every error names its field, none repeats a value
 * ({@link JournalException.InvalidEntry}).
 */
public final class PracticeRules {

    public static final String DEFAULT_REFRAME = "It's safe to be real";

    /** Which fields belong to which practice; also what the API contract documents per practice (rest.EntrySchemas). */
    public static final Map<Practice, Set<String>> FIELDS = Map.of(
            Practice.HONEST_SENTENCE, Set.of("sentence", "sharedWith", "shared", "courage"),
            Practice.PRESENT_LISTENING, Set.of("listenedTo", "minutes", "urgeToFix", "heard"),
            Practice.RITUAL_OF_OPENNESS, Set.of("kind", "text", "ritualId", "shareWithPartner"),
            Practice.INNER_CRITIC_REFRAME, Set.of("whisper", "reframe", "intensityBefore", "intensityAfter"),
            Practice.BODY_ANCHOR, Set.of("breaths", "minutes", "handOnHeart", "calmBefore", "calmAfter"));

    private PracticeRules() {
    }

    public static EntryDraft validate(EntryInput r, Clock clock, Duration maxFutureSkew) {
        List<FieldIssue> errors = new ArrayList<>();
        ZoneId zone = null;
        try {
            zone = ZoneId.of(r.timeZone());
        } catch (DateTimeException e) {
            errors.add(new FieldIssue("timeZone", "is not an IANA time zone id, e.g. Europe/Berlin"));
        }
        if (r.occurredAt().toInstant().isAfter(clock.instant().plus(maxFutureSkew))) {
            errors.add(new FieldIssue("occurredAt", "is more than a day in the future"));
        }
        Map<String, Object> practiceFields = practiceFields(r);
        Set<String> allowed = FIELDS.get(r.practice());
        practiceFields.forEach((field, value) -> {
            if (value != null && !allowed.contains(field)) {
                errors.add(new FieldIssue(field, "is not a field of " + r.practice()));
            }
        });
        switch (r.practice()) {
            case HONEST_SENTENCE -> requireText(errors, "sentence", r.sentence());
            case RITUAL_OF_OPENNESS -> {
                if (r.kind() == null) {
                    errors.add(new FieldIssue("kind", "is required: GRATITUDE or UNSAID_TRUTH"));
                }
            }
            case INNER_CRITIC_REFRAME -> requireText(errors, "whisper", r.whisper());
            case BODY_ANCHOR -> {
                if (r.breaths() == null && r.minutes() == null) {
                    errors.add(new FieldIssue("breaths", "give breaths or minutes"));
                }
            }
            case PRESENT_LISTENING -> {
                if (r.minutes() == null && isBlank(r.heard())) {
                    errors.add(new FieldIssue("minutes", "give minutes or what you heard"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new JournalException.InvalidEntry(errors);
        }
        String reframe = r.practice() == Practice.INNER_CRITIC_REFRAME && isBlank(r.reframe()) ? DEFAULT_REFRAME : r.reframe();
        var metrics = new PracticeMetrics(r.courage(), r.shared(), r.minutes(), r.urgeToFix(), r.kind(),
                r.practice() == Practice.RITUAL_OF_OPENNESS ? r.ritualId() != null : null,
                r.intensityBefore(), r.intensityAfter(), r.breaths(), r.handOnHeart(), r.calmBefore(), r.calmAfter());
        var content = new EntryContent(r.sentence(), r.sharedWith(), r.listenedTo(), r.heard(), r.text(), r.whisper(),
                reframe, r.note(), r.tags() == null || r.tags().isEmpty() ? null : List.copyOf(r.tags()));
        return new EntryDraft(r.practice(), r.occurredAt(), zone, r.feeling(), metrics, r.ritualId(), content,
                Boolean.TRUE.equals(r.shareWithPartner()));
    }

    private static Map<String, Object> practiceFields(EntryInput r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sentence", r.sentence());
        m.put("sharedWith", r.sharedWith());
        m.put("shared", r.shared());
        m.put("courage", r.courage());
        m.put("listenedTo", r.listenedTo());
        m.put("minutes", r.minutes());
        m.put("urgeToFix", r.urgeToFix());
        m.put("heard", r.heard());
        m.put("kind", r.kind());
        m.put("text", r.text());
        m.put("ritualId", r.ritualId());
        m.put("whisper", r.whisper());
        m.put("reframe", r.reframe());
        m.put("intensityBefore", r.intensityBefore());
        m.put("intensityAfter", r.intensityAfter());
        m.put("breaths", r.breaths());
        m.put("handOnHeart", r.handOnHeart());
        m.put("calmBefore", r.calmBefore());
        m.put("calmAfter", r.calmAfter());
        m.put("shareWithPartner", r.shareWithPartner());
        return m;
    }

    private static void requireText(List<FieldIssue> errors, String field, String value) {
        if (isBlank(value)) {
            errors.add(new FieldIssue(field, "is required"));
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
