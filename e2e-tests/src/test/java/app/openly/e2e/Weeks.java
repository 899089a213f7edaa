package app.openly.e2e;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/** ISO weeks as the API writes them ({@code 2026-W48}). */
final class Weeks {

    private Weeks() {
    }

    static String iso(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
