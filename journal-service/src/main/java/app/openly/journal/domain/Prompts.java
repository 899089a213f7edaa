package app.openly.journal.domain;

import app.openly.events.Practice;
import app.openly.platform.i18n.Languages;
import app.openly.platform.i18n.Texts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Gentle prompts, a curated list per practice, worded in the person's language (bundle {@code i18n/journal}, keys
 * {@code prompt.<PRACTICE>.<n>}). Each person walks through their own shuffled order of the list, one prompt a
 * local day, so a prompt never repeats until all the others have been shown. The order is of the prompts' places,
 * not their words: a person who changes language keeps their place in the walk.
 */
public final class Prompts {

    public static final Texts TEXTS = new Texts("journal", Prompts.class);

    /** How many prompts each practice has: the keys {@code prompt.<PRACTICE>.1..n} of the bundle. */
    static final Map<Practice, Integer> COUNTS = new EnumMap<>(Practice.class);

    static {
        for (Practice practice : Practice.values()) {
            int n = 0;
            while (TEXTS.has(key(practice, n + 1))) {
                n++;
            }
            if (n == 0) {
                throw new IllegalStateException("the journal bundle has no prompt for " + practice);
            }
            COUNTS.put(practice, n);
        }
    }

    private Prompts() {
    }

    static String key(Practice practice, int place) {
        return "prompt." + practice.name() + "." + place;
    }

    /** Every prompt of the practice in {@code locale}, in the curated order. */
    public static List<String> all(Practice practice, Locale locale) {
        return IntStream.rangeClosed(1, COUNTS.get(practice)).mapToObj(i -> TEXTS.text(locale, key(practice, i))).toList();
    }

    /** Today's prompt for the person, in English. */
    public static String forDay(String userId, Practice practice, LocalDate day) {
        return forDay(userId, practice, day, Languages.DEFAULT);
    }

    /** Today's prompt for the person, in {@code locale}. */
    public static String forDay(String userId, Practice practice, LocalDate day, Locale locale) {
        return text(practice, placeForDay(userId, practice, day), locale);
    }

    /** The prompt at {@code place} (1..n) of the practice's list, in {@code locale}. */
    public static String text(Practice practice, int place, Locale locale) {
        return TEXTS.text(locale, key(practice, place));
    }

    /** Today's place (1..n) for the person: position {@code day mod n} of the person's own shuffle of the list. */
    public static int placeForDay(String userId, Practice practice, LocalDate day) {
        int n = COUNTS.get(practice);
        long cycle = Math.floorDiv(day.toEpochDay(), n);
        // A new shuffle every cycle, but the same one for the whole cycle: no repeats within it.
        List<Integer> order = new ArrayList<>(IntStream.rangeClosed(1, n).boxed().toList());
        Collections.shuffle(order, new Random(userId.hashCode() * 31L + practice.ordinal() * 1_000_003L + cycle));
        return order.get((int) Math.floorMod(day.toEpochDay(), n));
    }
}
