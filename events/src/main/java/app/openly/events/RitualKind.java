package app.openly.events;

/** What was exchanged in the nightly ritual of openness. */
public enum RitualKind {
    GRATITUDE,
    UNSAID_TRUTH
}
