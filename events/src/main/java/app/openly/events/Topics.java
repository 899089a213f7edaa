package app.openly.events;

import java.util.List;

/** Every Kafka topic the system uses. Deploy manifests are checked against this list. */
public final class Topics {
    /**
     * Entry events from journal-service, key = user id; also the ritual partnership facts (formed, ended,
     * partner shared, revealed), so they keep their order with the same person's UserErased.
     */
    public static final String JOURNAL_ENTRY_EVENTS = "journal.entry-events";
    /**
     * Reminders that fell due, for a push gateway, key = user id; also reminder-service's facts about the person
     * that other services need (LanguageChosen), in order with their reminders.
     */
    public static final String REMINDERS_DUE = "reminders.due";
    /** Weekly summaries on week close, for e-mail/push, key = user id. */
    public static final String INSIGHTS_WEEKLY_SUMMARIES = "insights.weekly-summaries";

    public static final String DLQ_SUFFIX = ".dlq";

    /** The topics services publish to. */
    public static final List<String> MAIN = List.of(JOURNAL_ENTRY_EVENTS, REMINDERS_DUE, INSIGHTS_WEEKLY_SUMMARIES);

    /** Every topic, dead-letter topics included. */
    public static final List<String> ALL = List.of(
            JOURNAL_ENTRY_EVENTS, dlq(JOURNAL_ENTRY_EVENTS),
            REMINDERS_DUE, dlq(REMINDERS_DUE),
            INSIGHTS_WEEKLY_SUMMARIES, dlq(INSIGHTS_WEEKLY_SUMMARIES));

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
