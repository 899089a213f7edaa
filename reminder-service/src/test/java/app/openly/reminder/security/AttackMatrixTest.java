package app.openly.reminder.security;

import app.openly.reminder.notifications.MobilePushTestInfrastructure;
import app.openly.testsupport.contract.AttackMatrixContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** reminder-service's rows of the attack matrix and bad-input corpus (issue 16 §4; the checks are in the contract). */
@QuarkusTest
@WithTestResource(MobilePushTestInfrastructure.class) // FCM/APNs stand-ins configured, so devices can be registered
class AttackMatrixTest extends AttackMatrixContract {

    static final String PREFERENCES = """
            {"timeZone":"Europe/Berlin","followEntryTimeZone":false,"practices":{"BODY_ANCHOR":{"start":"07:30","end":"09:30"}},
             "days":["MONDAY","FRIDAY"],"quietHours":{"start":"22:30","end":"07:00"},"dailyCap":2,"pausedUntil":"2026-12-31"}""";

    /** A browser's push subscription: a real P-256 point and auth secret, on a known push service's host. */
    static String subscription() {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            ECPublicKey key = (ECPublicKey) gen.generateKeyPair().getPublic();
            byte[] point = new byte[65];
            point[0] = 4;
            copy(key.getW().getAffineX(), point, 1);
            copy(key.getW().getAffineY(), point, 33);
            byte[] auth = new byte[16];
            new SecureRandom().nextBytes(auth);
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return "{\"endpoint\":\"https://fcm.googleapis.com/fcm/send/atk-" + UUID.randomUUID() + "\",\"expirationTime\":null,"
                    + "\"keys\":{\"p256dh\":\"" + b64.encodeToString(point) + "\",\"auth\":\"" + b64.encodeToString(auth) + "\"}}";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(BigInteger n, byte[] into, int at) {
        byte[] raw = n.toByteArray();
        int len = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - len, into, at + 32 - len, len);
    }

    static void preferencesOf(Person p) {
        given().auth().oauth2(p.token()).contentType("application/json").body(PREFERENCES).put("/api/v1/reminders/preferences")
                .then().statusCode(200);
    }

    static String subscribed(Person p) {
        return field(given().auth().oauth2(p.token()).contentType("application/json").body(subscription())
                .post("/api/v1/notifications/web-push"), "id");
    }

    /** An Android app's FCM registration token, new for each call. */
    static String deviceBody() {
        return "{\"platform\":\"ANDROID\",\"token\":\"atk-" + UUID.randomUUID() + "-" + UUID.randomUUID() + "\"}";
    }

    static String registeredDevice(Person p) {
        return field(given().auth().oauth2(p.token()).contentType("application/json").body(deviceBody())
                .post("/api/v1/notifications/devices"), "id");
    }

    static String addressAdded(Person p) {
        String address = "atk-" + UUID.randomUUID() + "@example.org";
        given().auth().oauth2(p.token()).contentType("application/json").body("{\"address\":\"" + address + "\"}")
                .put("/api/v1/notifications/email").then().statusCode(202);
        return address;
    }

    @Override
    protected Map<String, Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("GET /api/v1/reminders/next", person(p -> {
            preferencesOf(p);
            return Call.of("GET", "/api/v1/reminders/next");
        }));
        rows.put("GET /api/v1/reminders/history", person(p -> Call.of("GET", "/api/v1/reminders/history").query("days", "14")));
        rows.put("POST /api/v1/reminders/{id}/response", person(p -> Call.of("POST", "/api/v1/reminders/" + UUID.randomUUID() + "/response")
                .json("{\"response\":\"SNOOZED\",\"minutes\":30}")));
        rows.put("GET /api/v1/reminders/activity", person(p -> Call.of("GET", "/api/v1/reminders/activity")));
        rows.put("GET /api/v1/reminders/export", person(p -> {
            preferencesOf(p);
            return Call.of("GET", "/api/v1/reminders/export");
        }));
        rows.put("GET /api/v1/reminders/preferences", person(p -> {
            preferencesOf(p);
            return Call.of("GET", "/api/v1/reminders/preferences");
        }));
        rows.put("PUT /api/v1/reminders/preferences", person(p -> {
            preferencesOf(p);
            return Call.of("PUT", "/api/v1/reminders/preferences").json(PREFERENCES.replace("\"dailyCap\":2", "\"dailyCap\":3"));
        }));
        rows.put("PATCH /api/v1/reminders/preferences", person(p -> {
            preferencesOf(p);
            return Call.of("PATCH", "/api/v1/reminders/preferences").withBody("application/merge-patch+json",
                    "{\"pausedUntil\":\"2027-01-15\",\"dailyCap\":1,\"days\":[\"TUESDAY\"]}");
        }));
        rows.put("GET /api/v1/notifications/vapid-public-key", person(p -> Call.of("GET", "/api/v1/notifications/vapid-public-key")));
        rows.put("POST /api/v1/notifications/web-push", person(p -> Call.of("POST", "/api/v1/notifications/web-push").json(subscription())));
        rows.put("GET /api/v1/notifications/web-push", person(p -> {
            String id = subscribed(p);
            return Call.of("GET", "/api/v1/notifications/web-push").secret(id);
        }));
        rows.put("DELETE /api/v1/notifications/web-push/{id}", person(p -> Call.of("DELETE", "/api/v1/notifications/web-push/" + subscribed(p))));
        rows.put("POST /api/v1/notifications/stream-tickets", person(p -> Call.of("POST", "/api/v1/notifications/stream-tickets")));
        rows.put("GET /api/v1/notifications/stream", open(p -> {
            String ticket = field(given().auth().oauth2(p.token()).post("/api/v1/notifications/stream-tickets"), "ticket");
            return Call.of("GET", "/api/v1/notifications/stream").query("ticket", ticket);
        }));
        rows.put("POST /api/v1/notifications/test", person(p -> Call.of("POST", "/api/v1/notifications/test")));
        rows.put("GET /api/v1/notifications/preferences", person(p -> Call.of("GET", "/api/v1/notifications/preferences")));
        rows.put("PUT /api/v1/notifications/preferences", person(p -> Call.of("PUT", "/api/v1/notifications/preferences")
                .json("{\"routes\":{\"REMINDERS\":[\"STREAM\"],\"WEEKLY_SUMMARY\":[\"WEB_PUSH\"]}}")));
        // Mobile devices (issue 13): the valid POST is not made by the owner first, so an intruder's replay registers their own.
        rows.put("POST /api/v1/notifications/devices", person(p -> Call.of("POST", "/api/v1/notifications/devices").json(deviceBody())));
        rows.put("GET /api/v1/notifications/devices", person(p -> {
            String id = registeredDevice(p);
            return Call.of("GET", "/api/v1/notifications/devices").secret(id);
        }));
        rows.put("DELETE /api/v1/notifications/devices/{id}", person(p -> Call.of("DELETE", "/api/v1/notifications/devices/" + registeredDevice(p))));
        // E-mail (issue 14): the address is the owner's secret; confirm and unsubscribe need no sign-in, only their signed token.
        rows.put("PUT /api/v1/notifications/email", person(p -> Call.of("PUT", "/api/v1/notifications/email")
                .json("{\"address\":\"atk-" + UUID.randomUUID() + "@example.org\"}")));
        rows.put("GET /api/v1/notifications/email", person(p -> Call.of("GET", "/api/v1/notifications/email").secret(addressAdded(p))));
        rows.put("DELETE /api/v1/notifications/email", person(p -> {
            addressAdded(p);
            return Call.of("DELETE", "/api/v1/notifications/email");
        }));
        return rows;
    }

    /** The pages a letter's links open (issue 14): tested with real tokens, forged ones and repeats in WeeklyLetterTest. */
    @Override
    protected Map<String, String> pagesNotInMatrix() {
        String why = "an HTML page opened from a link in a letter, without sign-in; its signed token is checked in WeeklyLetterTest";
        return Map.of("GET /api/v1/notifications/email/confirm", why, "POST /api/v1/notifications/email/confirm", why,
                "GET /api/v1/notifications/email/unsubscribe", why, "POST /api/v1/notifications/email/unsubscribe", why);
    }
}
