package app.openly.events;

import java.util.Arrays;
import java.util.Optional;

/** The wire name and current schema version of every event type. */
public enum EventType {
    ENTRY_RECORDED("EntryRecorded", 1, EntryRecorded.class),
    ENTRY_REVISED("EntryRevised", 1, EntryRevised.class),
    ENTRY_DELETED("EntryDeleted", 1, EntryDeleted.class),
    USER_ERASED("UserErased", 1, UserErased.class),
    REMINDER_DUE("ReminderDue", 1, ReminderDue.class),
    WEEKLY_SUMMARY_READY("WeeklySummaryReady", 1, WeeklySummaryReady.class),
    // The nightly ritual with a partner, on journal.entry-events keyed by the person they are about.
    PARTNERSHIP_FORMED("PartnershipFormed", 1, PartnershipFormed.class),
    PARTNERSHIP_ENDED("PartnershipEnded", 1, PartnershipEnded.class),
    PARTNER_SHARED_RITUAL("PartnerSharedRitual", 1, PartnerSharedRitual.class),
    RITUAL_REVEALED("RitualRevealed", 1, RitualRevealed.class),
    // The person's language, from reminder-service's preferences, on reminders.due keyed by the person.
    LANGUAGE_CHOSEN("LanguageChosen", 1, LanguageChosen.class);

    private final String wireName;
    private final int schemaVersion;
    private final Class<? extends EventPayload> payloadClass;

    EventType(String wireName, int schemaVersion, Class<? extends EventPayload> payloadClass) {
        this.wireName = wireName;
        this.schemaVersion = schemaVersion;
        this.payloadClass = payloadClass;
    }

    public String wireName() {
        return wireName;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static EventType of(EventPayload payload) {
        return Arrays.stream(values()).filter(t -> t.payloadClass == payload.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + payload.getClass()));
    }
}
