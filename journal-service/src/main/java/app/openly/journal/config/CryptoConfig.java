package app.openly.journal.config;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "openly.crypto")
public interface CryptoConfig {

    /**
     * Base64 of 32 random bytes; wraps each person's data key. From a secret (env OPENLY_CRYPTO_MASTER_KEY),
     * never from the repository. No default: the service does not start without it.
     */
    String masterKey();
}
