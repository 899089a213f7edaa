package app.openly.reminder.domain.email;

import app.openly.events.Practice;
import app.openly.events.WeeklySummaryReady;
import app.openly.platform.i18n.Languages;
import app.openly.platform.i18n.Texts;
import app.openly.reminder.domain.email.logic.WeekChart;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Words and draws the letters: the weekly letter as text and HTML (Qute templates {@code email/weekly.*}) with
 * its chart, and the confirmation mail; every sentence from the bundle {@code i18n/mail} in the person's language,
 * dates and numbers formatted for it. Only numbers go in: never entry text, never a theme.
 */
@ApplicationScoped
public class LetterRenderer {

    public static final Texts MAIL = new Texts("mail", LetterRenderer.class);
    public static final String CHART_CID = "week-chart@openly";

    /** One letter, ready to send. */
    public record Letter(String subject, String text, String html, byte[] chartPng) {
    }

    @Inject
    @Location("email/weekly.html")
    Template weeklyHtml;
    @Inject
    @Location("email/weekly.txt")
    Template weeklyText;
    @Inject
    @Location("pages/link.html")
    Template page;

    public Letter weekly(WeeklySummaryReady week, Locale locale, String unsubscribeUrl) {
        LocalDate monday = LocalDate.parse(week.week() + "-1", DateTimeFormatter.ISO_WEEK_DATE);
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        String subject = MAIL.text(locale, "letter.subject", date.format(monday), date.format(monday.plusDays(6)));
        List<String> entries = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        Practice next = null;
        for (Practice p : Practice.values()) {
            int n = week.entriesByPractice().getOrDefault(p, 0);
            counts.add(n);
            entries.add(MAIL.text(locale, "letter.entries", practice(p, locale), n));
            if (n == 0 && next == null) {
                next = p;
            }
        }
        List<String> streaks = week.streaks().stream()
                .map(s -> MAIL.text(locale, "letter.streak", practice(s.practice(), locale), s.currentDays())).toList();
        Map<String, Object> data = new java.util.HashMap<>();
        data.put("lang", Languages.orDefault(locale.getLanguage()).getLanguage());
        data.put("subject", subject);
        data.put("greeting", MAIL.text(locale, "letter.greeting"));
        data.put("days", MAIL.text(locale, "letter.days", week.daysPracticed()));
        data.put("practicesTitle", MAIL.text(locale, "letter.practices-title"));
        data.put("entries", entries);
        data.put("chartCid", CHART_CID);
        data.put("chartAlt", MAIL.text(locale, "letter.chart-alt", String.join("; ", entries)));
        data.put("streaks", streaks.isEmpty() ? null : streaks);
        data.put("streaksTitle", MAIL.text(locale, "letter.streaks-title"));
        data.put("grace", MAIL.text(locale, "letter.grace", Math.max(1, week.graceDaysPerWeek())));
        data.put("nextTitle", MAIL.text(locale, "letter.next-title"));
        data.put("next", MAIL.text(locale, next == null ? "letter.next.EVERY_PRACTICE" : "letter.next." + next.name()));
        data.put("footer", MAIL.text(locale, "letter.footer"));
        data.put("why", MAIL.text(locale, "letter.why"));
        data.put("unsubscribeLabel", MAIL.text(locale, "letter.unsubscribe"));
        data.put("unsubscribeUrl", unsubscribeUrl);
        var html = weeklyHtml.instance();
        var text = weeklyText.instance();
        data.forEach((k, v) -> {
            html.data(k, v);
            text.data(k, v);
        });
        return new Letter(subject, text.render(), html.render(), WeekChart.png(counts));
    }

    /** The confirmation mail: text only, the link and how long it works. */
    public Letter confirmation(Locale locale, String link, long hours) {
        return new Letter(MAIL.text(locale, "confirm.subject"), MAIL.text(locale, "confirm.text", link, hours), null, null);
    }

    /** A small page a link in a letter opens (confirm, unsubscribe): a question with a button, or the answer. */
    public String page(Locale locale, String titleKey, String text, String buttonKey, String action) {
        return page.data("lang", locale.getLanguage()).data("title", MAIL.text(locale, titleKey)).data("text", text)
                .data("button", buttonKey == null ? null : MAIL.text(locale, buttonKey)).data("action", action).render();
    }

    public static String practice(Practice p, Locale locale) {
        return MAIL.text(locale, "practice." + p.name());
    }

}
