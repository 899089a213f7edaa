package app.openly.insights.domain.logic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-anonymity for organization views: a figure computed from fewer than k people is suppressed, and
 * when a group's total is published, enough other cells are suppressed too that no suppressed cell can
 * be recovered by subtracting the published ones from the total (complementary suppression).
 */
public final class OrgAggregates {

    private OrgAggregates() {
    }

    /** A figure with the number of distinct people behind it; {@code value} null once suppressed. */
    public record Cell(Double value, int people, boolean suppressed) {
        public static Cell of(double value, int people) {
            return new Cell(value, people, false);
        }

        public Cell suppress() {
            return new Cell(null, people, true);
        }
    }

    /** Suppresses independent figures (averages, ratios) resting on fewer than k people. */
    public static Cell protect(Cell cell, int k) {
        return cell.people() < k ? cell.suppress() : cell;
    }

    /**
     * Suppresses a group of additive cells whose total is published: primary suppression below k, then
     * complementary suppression of the smallest remaining cells until the suppressed ones sum over at
     * least k people together (so their sum, which subtraction reveals, is itself k-anonymous) and there
     * are at least two of them (so the sum does not give away one cell).
     */
    public static Map<String, Cell> protectAdditive(Map<String, Cell> cells, int k) {
        Map<String, Cell> out = new LinkedHashMap<>();
        // A zero (nobody did it) describes the group, not a person: it is published.
        cells.forEach((key, c) -> out.put(key, c.people() > 0 && c.people() < k ? c.suppress() : c));
        List<String> suppressed = new ArrayList<>(out.entrySet().stream().filter(e -> e.getValue().suppressed()).map(Map.Entry::getKey).toList());
        if (suppressed.isEmpty()) {
            return out;
        }
        List<String> candidates = new ArrayList<>(out.entrySet().stream()
                .filter(e -> !e.getValue().suppressed() && e.getValue().people() > 0)
                .sorted(Comparator.comparingInt((Map.Entry<String, Cell> e) -> e.getValue().people()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList());
        while (needsMore(out, suppressed, k) && !candidates.isEmpty()) {
            String next = candidates.remove(0);
            out.put(next, out.get(next).suppress());
            suppressed.add(next);
        }
        return out;
    }

    private static boolean needsMore(Map<String, Cell> cells, List<String> suppressed, int k) {
        long withPeople = suppressed.stream().filter(s -> cells.get(s).people() > 0).count();
        int people = suppressed.stream().mapToInt(s -> cells.get(s).people()).sum();
        return withPeople == 1 || (withPeople > 0 && people < k);
    }
}
