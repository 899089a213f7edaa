package app.openly.reminder.domain.delivery;

/** What a notification is about; a person chooses which kinds go to which channel. */
public enum NotificationKind {
    REMINDERS, PARTNER_NUDGES, WEEKLY_SUMMARY
}
