package app.openly.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalStackTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void keysAreGeneratedOnceAndTheTokenVerifiesWithThePublicKey(@TempDir Path dir) throws Exception {
        var key = LocalKeys.ensure(dir);
        String publicPem = Files.readString(dir.resolve(LocalKeys.PUBLIC_KEY));
        String master = Files.readString(dir.resolve(LocalKeys.MASTER_KEY)).trim();
        LocalKeys.ensure(dir);
        assertEquals(publicPem, Files.readString(dir.resolve(LocalKeys.PUBLIC_KEY)), "second call keeps the keys");
        assertEquals(32, Base64.getDecoder().decode(master).length);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalKeys.PRIVATE_KEY))));

        String token = JwtSigner.sign(key, "demo-user", "demo-org", "org-admin", CLOCK);
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sub\":\"demo-user\""));
        assertTrue(claims.contains("\"org\":\"demo-org\""));
        assertTrue(claims.contains("\"groups\":[\"org-admin\"]"));
        assertTrue(claims.contains("\"exp\":" + (CLOCK.instant().getEpochSecond() + 86400)));

        byte[] der = Base64.getMimeDecoder().decode(publicPem.replaceAll("-----[A-Z ]+-----", ""));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)));
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));
    }

    @Test
    void tokenRefusesClaimsThatWouldBreakItsJson(@TempDir Path dir) throws Exception {
        var key = LocalKeys.ensure(dir);
        assertThrows(LocalStackException.class, () -> JwtSigner.sign(key, "a\"b", null, null, CLOCK));
        assertThrows(LocalStackException.class, () -> JwtSigner.sign(key, "ok", null, "admin", CLOCK));
    }

    @Test
    void demoEntriesAreInThePastWellFormedAndCoverEveryPractice() {
        var all = new StringBuilder();
        for (var person : DemoEntries.PEOPLE) {
            var entries = DemoEntries.entriesFor(person, CLOCK);
            assertFalse(entries.isEmpty(), person.id());
            for (var entry : entries) {
                String body = entry.body();
                assertTrue(body.startsWith("{\"practice\":\"") && body.endsWith("}"), body);
                com.fasterxml.jackson.databind.JsonNode parsed;
                try {
                    parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + body, e);
                }
                assertEquals(person.zone(), parsed.get("timeZone").asText());
                String at = parsed.get("occurredAt").asText();
                assertFalse(java.time.OffsetDateTime.parse(at).toInstant().isAfter(CLOCK.instant()), at);
                all.append(body);
            }
            assertEquals(entries.size(), entries.stream().map(DemoEntries.DemoEntry::idempotencyKey).distinct().count(),
                    "one Idempotency-Key per entry for " + person.id());
        }
        for (String practice : new String[]{"HONEST_SENTENCE", "PRESENT_LISTENING", "RITUAL_OF_OPENNESS", "INNER_CRITIC_REFRAME", "BODY_ANCHOR"}) {
            assertTrue(all.toString().contains("\"" + practice + "\""), practice);
        }
        assertEquals("{\"text\":\"say \\\"hi\\\"\\n\"}",
                DemoEntries.json(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("text", "say \"hi\"\n")));
        // A refusal is summarised by its title and the fields it names, never the text it was sent.
        assertEquals("Invalid entry \"errors\":[{\"field\":\"sentence\"}]",
                DemoData.summarize("{\"title\":\"Invalid entry\",\"status\":400,\"errors\":[{\"field\":\"sentence\"}]}"));
    }

    @Test
    void aLaterDemoRunSendsTheSameKeysAndBodiesForTheDaysBothRunsCover() {
        Clock threeDaysLater = Clock.offset(CLOCK, java.time.Duration.ofDays(3));
        int compared = 0;
        for (var person : DemoEntries.PEOPLE) {
            var later = DemoEntries.entriesFor(person, threeDaysLater);
            String oldestDayOfLaterRun = threeDaysLater.instant().atZone(java.time.ZoneId.of(person.zone()))
                    .toLocalDate().minusDays(DemoEntries.DAYS).toString();
            for (var entry : DemoEntries.entriesFor(person, CLOCK)) {
                if (day(person, entry).compareTo(oldestDayOfLaterRun) >= 0) {
                    assertTrue(later.contains(entry), "a later run re-sends " + entry.idempotencyKey() + " unchanged");
                    compared++;
                }
            }
            for (var entry : later) {
                assertTrue(day(person, entry).compareTo(oldestDayOfLaterRun) >= 0, entry.idempotencyKey());
            }
        }
        assertTrue(compared > 20, "the two runs share most days: " + compared);
    }

    private static String day(DemoEntries.Person person, DemoEntries.DemoEntry entry) {
        int start = ("demo-" + person.id() + "-").length();
        return entry.idempotencyKey().substring(start, start + 10);
    }
}
