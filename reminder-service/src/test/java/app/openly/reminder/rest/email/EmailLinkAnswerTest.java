package app.openly.reminder.rest.email;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who gets JSON from a letter's link: only a client that names application/json and prefers it to the page. */
class EmailLinkAnswerTest {

    @Test
    void onlyAClientThatNamesJsonAndPrefersItGetsJson() {
        assertTrue(EmailLinkAnswer.prefersJson("application/json"));
        assertTrue(EmailLinkAnswer.prefersJson("application/json, text/html"));
        assertTrue(EmailLinkAnswer.prefersJson("application/json, */*;q=0.8"));
        assertTrue(EmailLinkAnswer.prefersJson("text/html;q=0.5, application/json"));
        assertTrue(EmailLinkAnswer.prefersJson("application/problem+json, application/json"));
        assertTrue(EmailLinkAnswer.prefersJson("application/json, */*"));
        // browsers, mail clients, curl: the page
        assertFalse(EmailLinkAnswer.prefersJson(null));
        assertFalse(EmailLinkAnswer.prefersJson(""));
        assertFalse(EmailLinkAnswer.prefersJson("*/*"));
        assertFalse(EmailLinkAnswer.prefersJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertFalse(EmailLinkAnswer.prefersJson("text/html, application/json"));
        assertFalse(EmailLinkAnswer.prefersJson("application/json;q=0.5, text/html"));
        assertFalse(EmailLinkAnswer.prefersJson("application/json;q=0"));
        assertFalse(EmailLinkAnswer.prefersJson("application/*"));
    }
}
