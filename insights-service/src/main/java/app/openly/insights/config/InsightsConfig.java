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

    /**
     * The differential-privacy budget ε that one organization's published week spends in all (its figures
     * share it; see PrivacyBudget). Smaller is more private and noisier.
     */
    @WithDefault("2")
    java.math.BigDecimal orgEpsilonPerWeek();

    /**
     * The themes the organization view may list (journal-service's theme vocabulary). A fixed list, not the
     * themes found in the data: a theme only one person wrote must not even become a candidate.
     */
    @WithDefault("fear-of-rejection,shame,self-worth,gratitude,connection,trust,boundaries,grief,family,partner,work,friendship,body,loneliness,hope,fear")
    java.util.List<String> orgThemes();

    default int k() {
        return Math.max(3, minGroupSize());
    }
}
