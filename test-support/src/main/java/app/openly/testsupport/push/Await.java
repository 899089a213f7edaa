package app.openly.testsupport.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for a stand-in to accept a message: the same loop for Web Push, FCM and APNs. */
final class Await {

    private Await() {
    }

    /** The first of {@code received} (polled every 20 ms) that {@code accepted} and {@code until} match, or an AssertionError naming {@code what}. */
    static <R> R first(Supplier<List<R>> received, Predicate<R> accepted, Predicate<R> until, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (R r : received.get()) {
                if (accepted.test(r) && until.test(r)) {
                    return r;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no " + what + " within " + timeout + "; received: " + received.get());
    }
}
