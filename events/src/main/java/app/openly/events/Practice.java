package app.openly.events;

/** The five gentle practices. The code is the wire value everywhere (REST, events, database). */
public enum Practice {
    /** One honest sentence a day with someone the person trusts. */
    HONEST_SENTENCE,
    /** Listening with presence, without fixing. */
    PRESENT_LISTENING,
    /** Nightly exchange of gratitude or "one truth I haven't said" with a partner or close friend. */
    RITUAL_OF_OPENNESS,
    /** Noticing a shame whisper and answering it gently. */
    INNER_CRITIC_REFRAME,
    /** Hand on heart, slow breath: the body as anchor. */
    BODY_ANCHOR
}
