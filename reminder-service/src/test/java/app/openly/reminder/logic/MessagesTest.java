package app.openly.reminder.logic;

import app.openly.events.Practice;
import app.openly.platform.i18n.Languages;
import app.openly.reminder.domain.logic.Messages;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Messages} keeps sentences it formatted and one time formatter per language (issue 17: a re-plan worded every
 * reminder anew): what it answers must stay what the bundle formats, for every language, key and argument, the first
 * time and every later time.
 */
class MessagesTest {

    @Test
    void aKeptSentenceIsTheBundlesSentenceForItsLanguageAndArguments() {
        for (int round = 0; round < 2; round++) { // the second round answers from what the first kept
            for (Locale language : Languages.SUPPORTED) {
                for (int minute = 0; minute < 24 * 60; minute += 35) {
                    LocalTime a = LocalTime.of(minute / 60, minute % 60);
                    LocalTime b = a.plusMinutes(50);
                    String ta = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(language).format(a);
                    String tb = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(language).format(b);
                    assertEquals(ta, Messages.time(a, language));
                    assertEquals(Messages.TEXTS.text(language, "reason.learned-inside", ta, tb),
                            Messages.text(language, "reason.learned-inside", ta, tb));
                    assertEquals(Messages.TEXTS.text(language, "reason.learned-inside", tb, ta),
                            Messages.text(language, "reason.learned-inside", tb, ta), "the arguments' order is part of the sentence");
                    assertEquals(Messages.TEXTS.text(language, "reason.window-start", ta), Messages.text(language, "reason.window-start", ta));
                }
                for (int minutes : new int[] {1, 5, 10, 60}) {
                    assertEquals(Messages.TEXTS.text(language, "reason.snoozed", minutes), Messages.text(language, "reason.snoozed", minutes));
                }
                for (Practice practice : Practice.values()) {
                    assertEquals(Messages.TEXTS.text(language, "message." + practice.name()), Messages.message(practice, language));
                }
            }
        }
    }

    @Test
    void aLanguageWeDoNotSpeakStillGetsItsOwnTimeFormat() {
        Locale japanese = Locale.JAPANESE;
        LocalTime t = LocalTime.of(21, 40);
        assertEquals(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(japanese).format(t), Messages.time(t, japanese));
        assertEquals(Messages.TEXTS.text(japanese, "reason.window-start", "x"), Messages.text(japanese, "reason.window-start", "x"));
    }
}
