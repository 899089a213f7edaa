package app.openly.insights.domain;

import java.time.ZoneId;

/** A week still to come was asked for: it has nothing to summarise yet (an empty "quiet week" would not be true). */
public class WeekNotBegunException extends RuntimeException {

    private final transient ZoneId zone;

    public WeekNotBegunException(ZoneId zone) {
        super("the week has not begun yet in " + zone.getId(), null, false, false);
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }
}
