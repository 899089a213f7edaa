package app.openly.events;

/**
 * The language a person reads Openly in: a fact from reminder-service (where {@code locale} is one of the
 * person's preferences), on {@code reminders.due} keyed by the person, so every other service words its
 * texts for them without calling reminder-service. Sent on first use (from the browser's Accept-Language)
 * and on every change.
 *
 * @param locale a language tag Openly speaks: {@code en}, {@code de}, {@code es} or {@code fr}
 */
public record LanguageChosen(String locale) implements EventPayload {
}
