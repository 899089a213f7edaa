package app.openly.insights.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "openly.insights")
public interface InsightsConfig {

    /** Missed days forgiven within any 7 days (0..6). */
    @WithDefault("1")
    int forgivenMissesPerWeek();

    /** k of k-anonymity for organization views; values below 3 are raised to 3. */
    @WithDefault("5")
    int minGroupSize();

    default int k() {
        return Math.max(3, minGroupSize());
    }
}
