package app.openly.platform.budget;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Per-person budgets of every service (issue 16 §3); the names and headers are in README and /api docs. */
@ConfigMapping(prefix = "openly.budget")
public interface BudgetConfig {

    /** Off only for a benchmark's baseline. */
    @WithDefault("true")
    boolean enabled();

    /** Length of one budget window (fixed, per person, starting with their first request in it). */
    @WithDefault("60s")
    Duration window();

    /** GET/HEAD requests one person may make per window on one replica. */
    @WithDefault("600")
    int readsPerWindow();

    /** POST/PUT/PATCH/DELETE requests one person may make per window on one replica. */
    @WithDefault("120")
    int writesPerWindow();

    /** Requests of one person in flight at once on one replica; one more is a 429 at once, so a burst cannot slow others. */
    @WithDefault("8")
    int concurrentPerPerson();
}
