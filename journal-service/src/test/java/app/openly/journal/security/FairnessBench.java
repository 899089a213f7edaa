package app.openly.journal.security;

import app.openly.journal.JournalTestInfrastructure;
import app.openly.testsupport.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Issue 16 §3, measured: another person's median latency for {@code GET /entries?limit=100} alone and while one
 * person sends 64 of the same reads at once, with the production bound on one person's requests in flight (8).
 * {@link FairnessUnboundedBench} is the same without the bound (the "before"). Opt-in: {@code -Dtest='Fairness*Bench' -Dbench=true}.
 */
@QuarkusTest
@TestProfile(FairnessBench.Bounded.class)
@WithTestResource(JournalTestInfrastructure.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
public class FairnessBench {

    public static class Bounded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openly.budget.concurrent-per-person", "8", "openly.budget.reads-per-window", "1000000");
        }
    }

    public static class Unbounded implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("openly.budget.concurrent-per-person", "1000000", "openly.budget.reads-per-window", "1000000");
        }
    }

    private static final String ENTRY = """
            {"practice":"HONEST_SENTENCE","occurredAt":"2026-11-24T21:40:00+01:00","timeZone":"Europe/Berlin","sentence":"I said what I felt at dinner and my brother listened.","courage":4,"tags":["family"]}""";

    @Test
    void anotherPersonsMedianWhileOnePersonSends64ReadsAtOnce() throws Exception {
        String flooder = TestTokens.forUser("flood-" + UUID.randomUUID());
        String calm = TestTokens.forUser("calm-" + UUID.randomUUID());
        for (int i = 0; i < 100; i++) {
            given().auth().oauth2(flooder).contentType("application/json").body(ENTRY).post("/api/v1/entries").then().statusCode(201);
            given().auth().oauth2(calm).contentType("application/json").body(ENTRY).post("/api/v1/entries").then().statusCode(201);
        }
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(80)).build();
        URI uri = URI.create("http://localhost:" + RestAssured.port + "/api/v1/entries?limit=100");
        for (int i = 0; i < 100; i++) { // warm up
            http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + calm).build(), HttpResponse.BodyHandlers.discarding());
        }
        List<Long> alone = calmReads(http, uri, calm, 100);

        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger told = new AtomicInteger();
        ExecutorService flood = Executors.newFixedThreadPool(64);
        for (int t = 0; t < 64; t++) {
            flood.submit(() -> {
                while (flooding.get()) {
                    var r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + flooder).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        served.incrementAndGet();
                    } else if (r.statusCode() == 429) {
                        told.incrementAndGet();
                        Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
                    }
                }
                return null;
            });
        }
        Thread.sleep(2000);
        List<Long> during = calmReads(http, uri, calm, 100);
        flooding.set(false);
        flood.shutdown();
        flood.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("FAIRNESS (%s): other person's GET /entries?limit=100 median %.1f ms alone, %.1f ms during one person's 64 parallel reads "
                        + "(p90 %.1f -> %.1f ms); the flooder was served %d and told to wait (429) %d times%n",
                getClass().getSimpleName(), median(alone), median(during), p90(alone), p90(during), served.get(), told.get());
    }

    private static List<Long> calmReads(HttpClient http, URI uri, String token, int n) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            var r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the calm person was answered " + r.statusCode());
            }
            micros.add((System.nanoTime() - t0) / 1000);
        }
        Collections.sort(micros);
        return micros;
    }

    private static double median(List<Long> sorted) {
        return sorted.get(sorted.size() / 2) / 1000.0;
    }

    private static double p90(List<Long> sorted) {
        return sorted.get((int) (sorted.size() * 0.9)) / 1000.0;
    }
}
