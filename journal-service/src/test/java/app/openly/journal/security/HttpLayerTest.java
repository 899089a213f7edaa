package app.openly.journal.security;

import app.openly.journal.JournalTestInfrastructure;
import app.openly.testsupport.MalformedPaths;
import app.openly.testsupport.TestManagement;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the HTTP layer answers itself is a problem with the security headers (issue 16 §2–3), and health and
 * metrics are on the management port only, with unmatched paths as one metric label.
 */
@QuarkusTest
@WithTestResource(JournalTestInfrastructure.class)
class HttpLayerTest {

    private static final String CSP = "default-src 'none'; frame-ancestors 'none'";

    private static void problemWithHeaders(Response r, int status) {
        assertEquals(status, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType() + ": " + r.asString());
        assertEquals(CSP, r.header("Content-Security-Policy"));
        assertEquals("no-referrer", r.header("Referrer-Policy"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertNull(r.header("Strict-Transport-Security"), "HSTS is for production only");
    }

    @Test
    void theHttpLayersOwnAnswersAreProblemsWithTheSecurityHeaders() {
        String token = TestTokens.forUser("http-" + UUID.randomUUID());
        problemWithHeaders(given().auth().oauth2(token).get("/api/v1/entries?x=" + "a".repeat(5000)), 414);
        problemWithHeaders(given().auth().oauth2(token).header("X-Padding", "p".repeat(20_000)).get("/api/v1/entries"), 431);
        problemWithHeaders(given().auth().oauth2(token).get("/nothing/here"), 404);
        problemWithHeaders(given().auth().oauth2(token).contentType("application/json").body("{}").delete("/api/v1/prompts/today"), 405);
        problemWithHeaders(given().auth().oauth2(token).contentType("application/json")
                .body("{\"a\":\"" + "x".repeat(300_000) + "\"}").post("/api/v1/entries"), 413);
    }

    @Test
    void aMalformedPathIsAProblemWithTheSecurityHeaders() throws Exception {
        // %ZZ, a lone % and a cut-off escape are not percent-encoding at all: Vert.x' router fails on them while it
        // matches routes (before any handler), which answered an empty 400 until HttpLayer's router error handler.
        for (String path : MalformedPaths.under("/api/v1/entries")) {
            MalformedPaths.assertMalformedPathProblem(path, MalformedPaths.rawGet(RestAssured.port, path));
        }
    }

    @Test
    void aChunkedBodyOverTheHardLimitIsAProblemToo() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /api/v1/entries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestTokens.forUser("chunk-" + UUID.randomUUID())
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            // A JSON string that never ends: the reader keeps reading until the hard limit (256 KiB) stops it.
            out.write(("D\r\n{\"sentence\":\"\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("8000\r\n" + "x".repeat(0x8000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 16; i++) {
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedEarly) {
                // the server may answer and close before the whole body is sent
            }
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            while (!received.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                received.append((char) b);
            }
            String answer = received.toString();
            // Quarkus' body reader closes the exchange itself (an empty 413): it still carries the security headers.
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains(CSP), answer);
            assertTrue(answer.contains("Referrer-Policy: no-referrer"), answer);
        }
    }

    @Test
    void aBodyWithoutContentTypeIs415() throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + RestAssured.port + "/api/v1/entries"))
                .header("Authorization", "Bearer " + TestTokens.forUser("ct-" + UUID.randomUUID()))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"practice\":\"BODY_ANCHOR\"}")).build();
        var r = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(415, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(CSP, r.headers().firstValue("Content-Security-Policy").orElse(null));
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        given().get("/q/health").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        TestManagement.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        TestManagement.given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void unmatchedPathsAreOneMetricLabel() {
        String token = TestTokens.forUser("junk-" + UUID.randomUUID());
        String marker = "junk" + UUID.randomUUID().toString().replace("-", "");
        for (int i = 0; i < 30; i++) {
            given().auth().oauth2(token).get("/api/v1/" + marker + "/" + i);
            given().get("/" + marker + i);
            given().auth().oauth2(token).get("/api/v1/entries/" + marker + i);
        }
        String scrape = TestManagement.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(scrape.contains(marker), "a requested path became a metric label");
        assertTrue(scrape.contains("uri=\"NOT_FOUND\"") || scrape.contains("uri=\"UNKNOWN\""), "unmatched requests are counted under one label");
    }
}
