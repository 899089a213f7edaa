package app.openly.events;

/**
 * The small fixed list of feelings a person may attach to an entry. It is a closed vocabulary
 * (not free text), so it may travel on events.
 */
public enum Feeling {
    CALM, HOPEFUL, GRATEFUL, CONNECTED, TENDER, NERVOUS, AFRAID, ASHAMED, SAD, LONELY, FRUSTRATED, RELIEVED
}
