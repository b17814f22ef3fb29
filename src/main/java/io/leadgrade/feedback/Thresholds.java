package io.leadgrade.feedback;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The letter and digit thresholds as the handed-off leads show them: for each letter the lowest fit total seen with
 * it, for each digit the lowest engagement total. The feedback module reads outcomes, not the ruleset, so this is
 * what it can say about what a change of points does to grades; the tuned candidate reads the real tables.
 */
record Thresholds(Map<Character, Integer> letters, Map<Character, Integer> digits) {

    static Thresholds seen(Collection<Observation> observations) {
        Map<Character, Integer> letters = new TreeMap<>();
        Map<Character, Integer> digits = new TreeMap<>();
        for (Observation o : observations) {
            if (o.grade() == null || o.grade().length() != 2) {
                continue;
            }
            letters.merge(o.grade().charAt(0), o.fitPoints(), Math::min);
            digits.merge(o.grade().charAt(1), o.engagementPoints(), Math::min);
        }
        return new Thresholds(letters, digits);
    }

    /** The best letter (or digit) whose threshold {@code total} reaches; '-' below every one seen. */
    static char step(Map<Character, Integer> thresholds, int total) {
        for (var entry : thresholds.entrySet()) { // best first: 'A' < 'B', '1' < '2'
            if (total >= entry.getValue()) {
                return entry.getKey();
            }
        }
        return '-';
    }

    /** "A from 55, B from 35" */
    static String describe(Map<Character, Integer> thresholds) {
        StringBuilder text = new StringBuilder();
        thresholds.forEach((step, from) -> text.append(text.isEmpty() ? "" : ", ")
                .append(step)
                .append(" from ")
                .append(from));
        return text.toString();
    }
}
