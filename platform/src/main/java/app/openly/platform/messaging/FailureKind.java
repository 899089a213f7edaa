package app.openly.platform.messaging;

import app.openly.events.InvalidEventException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * What a failure to apply a record says about retrying it. Pure: looks only at the exception chain.
 * <ul>
 * <li>{@link #POISON}: the record can never succeed (undecodable, unknown type, failing validation, key and
 * event disagree). Dead-lettered at once.</li>
 * <li>{@link #TRANSIENT}: a dependency is unavailable or busy (connection refused or lost, no pooled connection,
 * timeouts, serialization failures, deadlocks, lock timeouts, the server shutting down). Retried until it works,
 * never dead-lettered.</li>
 * <li>{@link #UNEXPECTED}: anything else. Retried like a transient failure while the database does not answer;
 * dead-lettered after a few attempts while it does (a bug for one record must not stop the partition forever).</li>
 * </ul>
 */
public enum FailureKind {
    POISON, TRANSIENT, UNEXPECTED;

    /** SQLState prefixes of failures that go away by themselves (PostgreSQL error codes, appendix A). */
    private static final Set<String> TRANSIENT_SQL_STATE_PREFIXES = Set.of(
            "08",      // connection exception (refused, lost, failure during connect)
            "40001",   // serialization_failure
            "40P01",   // deadlock_detected
            "53",      // insufficient resources (too many connections, out of memory, disk full)
            "55P03",   // lock_not_available (lock timeout)
            "57014",   // query_canceled (statement timeout)
            "57P01",   // admin_shutdown
            "57P02",   // crash_shutdown
            "57P03",   // cannot_connect_now (starting up, recovering)
            "58");     // system error (I/O)

    /** Exceptions named by simple class name, so this class needs neither Hibernate nor Kafka on its path. */
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "JDBCConnectionException", "LockAcquisitionException", "PessimisticLockException", "LockTimeoutException",
            "QueryTimeoutException", "PessimisticEntityLockException", "CannotAcquireLockException",
            "TimeoutException", "ConnectException", "SocketTimeoutException", "SocketException", "EOFException",
            "TransactionRolledbackException");

    private static final Set<String> POISON_TYPES = Set.of("ConstraintViolationException", "ValidationException");

    public static FailureKind of(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof InvalidEventException) {
                return POISON;
            }
            String type = t.getClass().getSimpleName();
            // Bean validation's ConstraintViolationException, not Hibernate's (a database constraint): different packages.
            if (POISON_TYPES.contains(type) && t.getClass().getName().startsWith("jakarta.validation")) {
                return POISON;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || TRANSIENT_TYPES.contains(type)
                    || isRetriableKafka(t)) {
                return TRANSIENT;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && TRANSIENT_SQL_STATE_PREFIXES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return TRANSIENT;
            }
            String message = t.getMessage();
            // Hibernate's and Agroal's words for "the pool could not give a connection"; they carry no SQLState. Agroal
            // says "Acquisition timeout while waiting for new connection" but, when a full pool stays busy, "Sorry,
            // acquisition timeout!" (lower case: seen in journal's log under the burst of clients back after a restart).
            if (message != null && (message.contains("Unable to acquire JDBC Connection")
                    || message.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")
                    || message.contains("Connection is closed")
                    || message.contains("This connection has been closed"))) {
                return TRANSIENT;
            }
        }
        return UNEXPECTED;
    }

    /**
     * The failure for a log line without its content: the exception's class and, where the chain has one, the first
     * SQLState. Never a message: messages may quote values (an entry's fields, a person's id).
     */
    public static String describe(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return failure.getClass().getSimpleName() + " (SQLState " + sql.getSQLState() + ")";
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static boolean isRetriableKafka(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.apache.kafka.common.errors.RetriableException")) {
                return true;
            }
        }
        return false;
    }
}
