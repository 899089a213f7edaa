package app.openly.events;

/**
 * The payload of an {@link EventEnvelope}. Payloads carry facts, numbers, tags and lengths:
 * never the text a person wrote.
 */
public sealed interface EventPayload
        permits EntryRecorded, EntryRevised, EntryDeleted, UserErased, ReminderDue, WeeklySummaryReady,
        PartnershipFormed, PartnershipEnded, PartnerSharedRitual, RitualRevealed,
        LanguageChosen {
}
