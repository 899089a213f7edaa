package app.openly.reminder.domain.delivery;

import app.openly.reminder.domain.delivery.NotificationChannel.Outcome;
import app.openly.reminder.domain.delivery.NotificationChannel.SendResult;
import app.openly.reminder.domain.delivery.logic.Backoff;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One request to a mobile push vendor (APNs, FCM) and what its answer means for {@link ReminderDelivery}, read the
 * same way for both: no answer (timeout, connection failure) and {@code 429}/{@code 5xx} are worth another attempt
 * (after the vendor's {@code Retry-After}, when given), a gone device is pruned, an expired credential is forgotten
 * (the next attempt makes a new one) and anything else is refused. Only what differs is the vendor's {@link Protocol}.
 */
final class VendorCall {

    /**
     * What differs between the vendors.
     *
     * @param name              how the ledger names the vendor in a detail ("APNs answered 410 Unregistered")
     * @param reasonOf          the vendor's reason or error code read from an answer's body, or null
     * @param gone              (status, reason): the device no longer takes messages from the app
     * @param credentialExpired (status, reason): the service's own credential (provider token, access token) expired
     * @param forgetCredential  drops that credential so the next attempt makes a new one
     */
    record Protocol(String name, Function<String, String> reasonOf, BiPredicate<Integer, String> gone,
                    BiPredicate<Integer, String> credentialExpired, Runnable forgetCredential) {
    }

    private VendorCall() {
    }

    /** Sends {@code request} and classifies the answer; never throws for what the vendor or the network does. */
    static SendResult send(HttpClient http, HttpRequest request, Protocol vendor, Clock wallClock) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), "timeout");
        } catch (IOException e) {
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), "no answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult(Outcome.RETRY, 0, Optional.empty(), "interrupted");
        }
        int status = response.statusCode();
        if (status == 200) {
            return SendResult.accepted(status);
        }
        String reason = vendor.reasonOf().apply(response.body());
        String detail = vendor.name() + " answered " + status + (reason == null ? "" : " " + reason);
        if (vendor.gone().test(status, reason)) {
            return new SendResult(Outcome.GONE, status, Optional.empty(), detail);
        }
        if (vendor.credentialExpired().test(status, reason)) {
            vendor.forgetCredential().run();
            return new SendResult(Outcome.RETRY, status, Optional.empty(), detail);
        }
        if (status == 429 || status >= 500) {
            return new SendResult(Outcome.RETRY, status,
                    Backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null), wallClock.instant()), detail);
        }
        return new SendResult(Outcome.REFUSED, status, Optional.empty(), detail);
    }
}
