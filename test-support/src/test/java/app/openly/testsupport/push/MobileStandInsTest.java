package app.openly.testsupport.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The FCM and APNs stand-ins refuse what Google and Apple refuse: they are worth testing against only if they can say no. */
class MobileStandInsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static FcmStandIn fcm;
    static ApnsStandIn apns;

    @BeforeAll
    static void start() {
        fcm = FcmStandIn.start();
        apns = ApnsStandIn.start();
    }

    @AfterAll
    static void stop() {
        fcm.close();
        apns.close();
    }

    static String jws(Map<String, Object> header, Map<String, Object> claims, PrivateKey key, String algorithm) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(JSON.writeValueAsBytes(header)) + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }

    static PrivateKey pem(String pem, String algorithm) throws Exception {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    HttpResponse<String> tokenRequest(String assertion) throws Exception {
        JsonNode account = JSON.readTree(fcm.serviceAccountJson());
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(account.get("token_uri").asText()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> grantClaims(JsonNode account, long iat) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", account.get("client_email").asText());
        claims.put("scope", "https://www.googleapis.com/auth/firebase.messaging");
        claims.put("aud", account.get("token_uri").asText());
        claims.put("iat", iat);
        claims.put("exp", iat + 3600);
        return claims;
    }

    HttpResponse<String> send(String bearer, String device) throws Exception {
        String body = "{\"message\":{\"token\":\"" + device + "\",\"notification\":{\"title\":\"Openly\",\"body\":\"hi\"}}}";
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(fcm.baseUrl() + "/v1/projects/" + FcmStandIn.PROJECT + "/messages:send"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            r.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void fcmGrantsTokensOnlyForTheServiceAccountsSignatureAndSendsOnlyWithOne() throws Exception {
        JsonNode account = JSON.readTree(fcm.serviceAccountJson());
        Map<String, Object> header = Map.of("alg", "RS256", "typ", "JWT", "kid", account.get("private_key_id").asText());
        long now = Instant.now().getEpochSecond();
        PrivateKey serviceKey = pem(account.get("private_key").asText(), "RSA");

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        HttpResponse<String> forged = tokenRequest(jws(header, grantClaims(account, now), rsa.generateKeyPair().getPrivate(), "SHA256withRSA"));
        assertEquals(400, forged.statusCode());
        assertEquals("invalid_grant", JSON.readTree(forged.body()).get("error").asText());
        assertEquals(400, tokenRequest(jws(header, grantClaims(account, now - 7200), serviceKey, "SHA256withRSA")).statusCode(), "expired assertion");
        Map<String, Object> otherAudience = grantClaims(account, now);
        otherAudience.put("aud", "https://oauth2.googleapis.com/token");
        assertEquals(400, tokenRequest(jws(header, otherAudience, serviceKey, "SHA256withRSA")).statusCode(), "aud of another endpoint");

        HttpResponse<String> granted = tokenRequest(jws(header, grantClaims(account, now), serviceKey, "SHA256withRSA"));
        assertEquals(200, granted.statusCode(), granted.body());
        String accessToken = JSON.readTree(granted.body()).get("access_token").asText();

        String device = fcm.device();
        assertEquals(401, send(null, device).statusCode());
        assertEquals(401, send("ya29.made-up", device).statusCode());
        assertEquals(200, send(accessToken, device).statusCode());
        fcm.unregister(device);
        HttpResponse<String> gone = send(accessToken, device);
        assertEquals(404, gone.statusCode());
        assertEquals("UNREGISTERED", JSON.readTree(gone.body()).at("/error/details/0/errorCode").asText());
        fcm.expireAccessTokens();
        assertEquals(401, send(accessToken, fcm.device()).statusCode());
    }

    HttpClient apnsClient(HttpClient.Version version) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(apns.trustStore()))) {
            trust.load(in, apns.trustStorePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(version).sslContext(tls).build();
    }

    HttpResponse<String> push(HttpClient client, String providerToken, String topic, String device) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(apns.baseUrl() + "/3/device/" + device))
                .header("authorization", "bearer " + providerToken).header("apns-topic", topic).header("apns-push-type", "alert")
                .POST(HttpRequest.BodyPublishers.ofString("{\"aps\":{\"alert\":{\"title\":\"Openly\",\"body\":\"hi\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String reason(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("reason").asText();
    }

    @Test
    void apnsSpeaksHttp2OnlyAndChecksTheProviderTokenTopicAndDevice() throws Exception {
        PrivateKey signingKey = pem(apns.signingKeyPem(), "EC");
        Map<String, Object> header = Map.of("alg", "ES256", "kid", apns.keyId());
        long now = Instant.now().getEpochSecond();
        String token = jws(header, Map.of("iss", apns.teamId(), "iat", now), signingKey, "SHA256withECDSAinP1363Format");
        HttpClient h2 = apnsClient(HttpClient.Version.HTTP_2);
        String device = apns.device();

        assertEquals(505, push(apnsClient(HttpClient.Version.HTTP_1_1), token, ApnsStandIn.TOPIC, device).statusCode(), "HTTP/1.1 refused");
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        String forged = jws(header, Map.of("iss", apns.teamId(), "iat", now), ec.generateKeyPair().getPrivate(), "SHA256withECDSAinP1363Format");
        HttpResponse<String> refused = push(h2, forged, ApnsStandIn.TOPIC, device);
        assertEquals(403, refused.statusCode());
        assertEquals("InvalidProviderToken", reason(refused));
        String old = jws(header, Map.of("iss", apns.teamId(), "iat", now - 7200), signingKey, "SHA256withECDSAinP1363Format");
        assertEquals("ExpiredProviderToken", reason(push(h2, old, ApnsStandIn.TOPIC, device)));
        assertEquals("BadTopic", reason(push(h2, token, "com.example.other", device)));
        assertEquals("BadDeviceToken", reason(push(h2, token, ApnsStandIn.TOPIC, "00ff")));

        HttpResponse<String> accepted = push(h2, token, ApnsStandIn.TOPIC, device);
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals(HttpClient.Version.HTTP_2, accepted.version());
        assertTrue(accepted.headers().firstValue("apns-id").isPresent());
        apns.unregister(device);
        HttpResponse<String> gone = push(h2, token, ApnsStandIn.TOPIC, device);
        assertEquals(410, gone.statusCode());
        assertEquals("Unregistered", reason(gone));
    }
}
