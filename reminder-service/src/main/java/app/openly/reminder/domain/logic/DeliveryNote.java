package app.openly.reminder.domain.logic;

import java.util.Locale;
import java.util.Map;

/**
 * What the reminder history says about a reminder's delivery: a stable code a client can word itself, and the
 * sentence in the person's language ("delivered", "not delivered: quiet hours"). The ledger keeps its own
 * detail (a vendor's answer such as "FCM answered 500" is for operators, not for the person reading the history).
 */
public final class DeliveryNote {

    /** Why a reminder reached the person or not; {@link #DELIVERED} when it did. */
    public enum Code { DELIVERED, PAUSED, NOT_A_REMINDER_DAY, QUIET_HOURS, DAILY_CAP_REACHED, NO_ACTIVE_CHANNEL, TARGET_GONE, CHANNEL_FAILED, NOT_SENT }

    /** The ledger's outcome as the history reads it (statuses of {@code notification_delivery}). */
    public enum Status { SENDING, SENT, FAILED, PRUNED, DROPPED, NOT_DELIVERED }

    public record Note(Code code, String text) {
    }

    /** The send-time refusals as the ledger stores them (see {@code SendTimeRules}). */
    private static final Map<String, Code> REFUSALS = Map.of(
            "paused", Code.PAUSED, "not a reminder day", Code.NOT_A_REMINDER_DAY, "quiet hours", Code.QUIET_HOURS,
            "daily cap reached", Code.DAILY_CAP_REACHED, "no active channel", Code.NO_ACTIVE_CHANNEL);

    private DeliveryNote() {
    }

    /** The code of an outcome; null while it is on its way (no outcome yet, or still sending). */
    public static Code code(Status status, String detail) {
        if (status == null || status == Status.SENDING) {
            return null;
        }
        return switch (status) {
            case SENT -> Code.DELIVERED;
            case PRUNED -> Code.TARGET_GONE;
            case NOT_DELIVERED -> Code.NO_ACTIVE_CHANNEL;
            case FAILED -> REFUSALS.getOrDefault(detail, Code.CHANNEL_FAILED);
            case DROPPED -> REFUSALS.getOrDefault(detail, Code.NOT_SENT);
            case SENDING -> null;
        };
    }

    /** The note in the person's language; null while on its way. */
    public static Note of(Status status, String detail, Locale locale) {
        Code code = code(status, detail);
        if (code == null) {
            return null;
        }
        String text = code == Code.DELIVERED ? Messages.text(locale, "delivery.delivered")
                : Messages.text(locale, "delivery.not-delivered", Messages.text(locale, "delivery.reason." + code.name()));
        return new Note(code, text);
    }
}
