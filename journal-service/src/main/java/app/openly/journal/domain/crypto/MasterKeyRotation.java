package app.openly.journal.domain.crypto;

import app.openly.journal.config.CryptoConfig;
import app.openly.platform.schedule.RoundsBeforeShutdown;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * After a master-key rotation (new key in openly.crypto.master-key, the old one in
 * openly.crypto.previous-master-keys) re-wraps every data key with the new master key, batch by batch,
 * on every replica at once (rows are claimed with SKIP LOCKED). Master keys change only with a restart,
 * so once a round finds nothing left, this process is done.
 */
@ApplicationScoped
public class MasterKeyRotation {

    private static final Logger LOG = Logger.getLogger(MasterKeyRotation.class);

    @Inject
    EntryCipher cipher;
    @Inject
    CryptoConfig config;
    @Inject
    RoundsBeforeShutdown rounds; // shutdown waits for a round already running, and starts none after

    private volatile boolean done;

    @Scheduled(every = "${openly.crypto.rewrap-every:30s}", delayed = "${openly.crypto.rewrap-delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            // no round once shutdown has begun: Hibernate and the pool close under it (an ERROR per stop, seen in the logs)
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        rounds.run(this::rewrapOnce);
    }

    private void rewrapOnce() {
        if (done) {
            return;
        }
        try {
            rewrapAll();
            done = true;
        } catch (RuntimeException e) {
            // E.g. a data key whose master key is no longer configured: said every round until fixed.
            LOG.warnf("re-wrapping data keys with the current master key failed, retried on the next tick: %s", e.getMessage());
        }
    }

    /** Re-wraps every data key not yet under the current master key (those of other replicas' batches aside). */
    public int rewrapAll() {
        int total = 0;
        int batch;
        do {
            batch = cipher.rewrapWithCurrentMasterKey(config.rewrapBatchSize());
            total += batch;
        } while (batch > 0);
        if (total > 0) {
            LOG.infof("re-wrapped %d data keys with the current master key %s", total, cipher.currentMasterKeyId());
        }
        if (config.previousMasterKeys().map(keys -> !keys.isEmpty()).orElse(false) && !cipher.anyWrappedByAnotherMasterKey()) {
            LOG.infof("every data key is wrapped by the current master key %s: the previous master keys can be removed "
                    + "(after every replica runs with this configuration)", cipher.currentMasterKeyId());
        }
        return total;
    }
}
