package app.openly.journal.config;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "openly.crypto")
public interface CryptoConfig {

    /**
     * Base64 of 32 random bytes; wraps each person's data key. From a secret (env OPENLY_CRYPTO_MASTER_KEY),
     * never from the repository. No default: the service does not start without it.
     */
    String masterKey();

    /**
     * During a master-key rotation: the keys the current one replaced (base64, comma-separated; env
     * OPENLY_CRYPTO_PREVIOUS_MASTER_KEYS). Data keys they wrapped still open and are re-wrapped with the
     * current key in the background; remove a previous key once no data key uses it.
     */
    Optional<List<String>> previousMasterKeys();

    /** How often a replica looks for data keys to re-wrap after a rotation ("off" in tests, which run it themselves). */
    @io.smallrye.config.WithDefault("30s")
    String rewrapEvery();

    /** How long after start the first look happens. */
    @io.smallrye.config.WithDefault("10s")
    String rewrapDelay();

    /** How many data keys one re-wrapping transaction handles. */
    @io.smallrye.config.WithDefault("500")
    int rewrapBatchSize();
}
