package app.openly.reminder.domain.email;

import app.openly.reminder.config.EmailConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Hands a letter to the SMTP server (quarkus-mailer, never its mock): text, HTML and the inline chart. */
@ApplicationScoped
public class MailOut {

    @Inject
    Mailer mailer;
    @Inject
    EmailConfig config;

    /** Blocks until the SMTP server accepted the message; throws when it did not (the caller retries). */
    public void send(String to, LetterRenderer.Letter letter, Map<String, String> headers) {
        Mail mail = Mail.withText(to, letter.subject(), letter.text()).setFrom(config.from());
        if (letter.html() != null) {
            mail.setHtml(letter.html());
        }
        if (letter.chartPng() != null) {
            mail.addInlineAttachment("week.png", letter.chartPng(), "image/png", "<" + LetterRenderer.CHART_CID + ">");
        }
        headers.forEach(mail::addHeader);
        mailer.send(mail);
    }
}
