package io.leadgrade.feedback;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetReplay;
import io.leadgrade.grading.Tier;
import io.leadgrade.reports.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays a candidate ruleset on historical handoffs next to the old ruleset (the one it would replace) on the same
 * stored inputs, and compares the two: grade transitions, MQL volume, NQS per territory, conversion per grade, how
 * well each grade order ranks converters (AUC), and the SQOs each would yield at the old MQL volume. Feed it
 * handoffs with {@link #add}, in any number of batches, then read {@link #result}.
 *
 * <p>"Before" is what the old ruleset made of each lead at its handoff: its grade, tier and MQL decision on the input
 * stored with the handoff. A lead the old ruleset did not make an MQL is not an MQL before, even though it was
 * handed off (an import of another system's history hands off whatever that system handed off). Both sides are
 * computed the same way, so a backtest of the old ruleset against itself shows no change in any figure. Handoffs
 * whose stored grade is not what the old ruleset gives (graded by another version) and imported handoffs that
 * carried no grade are counted apart.
 *
 * <p>Selection bias, stated in the result: only leads someone handed off have an outcome. Leads the candidate
 * would newly make MQLs cannot be judged, and leads it drops are judged only by what they did.
 */
final class Backtest {

    /**
     * One historical handoff to replay. {@code gradeAtHandoff} null: it carried no grade (imported without one);
     * {@code disposition} null: no outcome yet.
     */
    record Past(LeadData input, String gradeAtHandoff, String territory, String disposition, boolean imported) {}

    private final RulesetReplay baseline;
    private final RulesetReplay candidate;
    private final Set<String> converting;
    private final Map<String, Map<String, Long>> transitions = new TreeMap<>();
    private final Map<String, long[]> tiersBefore = new TreeMap<>(); // territory -> {n, high, low}
    private final Map<String, long[]> tiersAfter = new TreeMap<>();
    private final Map<String, long[]> gradesBefore = new TreeMap<>(); // grade -> {decided, sqo}
    private final Map<String, long[]> gradesAfter = new TreeMap<>();
    private final long[] aucBeforePositive = new long[17];
    private final long[] aucBeforeNegative = new long[17];
    private final long[] aucAfterPositive = new long[17];
    private final long[] aucAfterNegative = new long[17];
    private final long[] dropped = new long[2]; // decided MQLs before that are not after: {n, sqo}
    private final long[] added = new long[2]; // decided MQLs after that were not before
    private long replayed;
    private long decided;
    private long sqo;
    private long mqlBefore;
    private long decidedMqlBefore;
    private long sqoMqlBefore;
    private long mqlAfter;
    private long decidedMqlAfter;
    private long sqoMqlAfter;
    private long sqoKept;
    private long noOutcome;
    private long imported;
    private long importedWithoutGrade;
    private long storedGradeDiffers;

    Backtest(RulesetReplay baseline, RulesetReplay candidate, Set<String> converting) {
        this.baseline = baseline;
        this.candidate = candidate;
        this.converting = converting;
    }

    void add(List<Past> batch) {
        List<LeadData> inputs = batch.stream().map(Past::input).toList();
        List<Grading> before = baseline.gradeAll(inputs);
        List<Grading> after = baseline == candidate ? before : candidate.gradeAll(inputs);
        for (int i = 0; i < batch.size(); i++) {
            add(batch.get(i), before.get(i).primary(), after.get(i).primary());
        }
    }

    private void add(Past past, Grade old, Grade now) {
        replayed++;
        if (past.imported()) {
            imported++;
        }
        if (past.gradeAtHandoff() == null) {
            importedWithoutGrade++;
        } else if (!past.gradeAtHandoff().equals(old.grade())) {
            storedGradeDiffers++;
        }
        transitions.computeIfAbsent(old.grade(), g -> new TreeMap<>()).merge(now.grade(), 1L, Long::sum);
        if (old.mql()) {
            mqlBefore++;
            tier(tiersBefore, past.territory(), old.tier());
        }
        if (now.mql()) {
            mqlAfter++;
            tier(tiersAfter, past.territory(), now.tier());
        }
        if (past.disposition() == null) {
            noOutcome++;
            return;
        }
        boolean converted = converting.contains(past.disposition());
        int yes = converted ? 1 : 0;
        decided++;
        sqo += yes;
        count(gradesBefore, old.grade(), converted);
        count(gradesAfter, now.grade(), converted);
        (converted ? aucBeforePositive : aucBeforeNegative)[score(old.grade())]++;
        (converted ? aucAfterPositive : aucAfterNegative)[score(now.grade())]++;
        if (old.mql()) {
            decidedMqlBefore++;
            sqoMqlBefore += yes;
        }
        if (now.mql()) {
            decidedMqlAfter++;
            sqoMqlAfter += yes;
        }
        if (old.mql() && now.mql()) {
            sqoKept += yes;
        } else if (old.mql()) {
            dropped[0]++;
            dropped[1] += yes;
        } else if (now.mql()) {
            added[0]++;
            added[1] += yes;
        }
    }

    /** Grades as a number for ranking: A1 highest (16) to D4 (1); anything else 0. */
    static int score(String grade) {
        if (grade == null || grade.length() != 2) {
            return 0;
        }
        int letter = grade.charAt(0) - 'A';
        int digit = grade.charAt(1) - '1';
        if (letter < 0 || letter > 3 || digit < 0 || digit > 3) {
            return 0;
        }
        return 16 - (letter * 4 + digit);
    }

    record GradeRow(String grade, long decided, long sqo, Double conversion, Stats.Interval interval) {}

    record TerritoryRow(String territory, long leadsBefore, Double nqsBefore, long leadsAfter, Double nqsAfter) {}

    /**
     * What was left out or counted apart. {@code importedWithoutGrade}: handoffs from another system's history that
     * carried no grade; the old ruleset graded them for the comparison. {@code storedGradeDiffers}: handoffs whose
     * grade at handoff is not what the old ruleset gives their stored input (graded by another version).
     */
    record Excluded(
            long noOutcomeYet,
            long withoutStoredInput,
            long neverHandedOff,
            long neverHandedOffWouldBeMql,
            long imported,
            long importedWithoutGrade,
            long storedGradeDiffers) {}

    record Result(
            String baselineVersion,
            String candidateVersion,
            long replayed,
            long withOutcome,
            Excluded excluded,
            Map<String, Map<String, Long>> transitions,
            long mqlBefore,
            long mqlAfter,
            Double mqlChange,
            List<TerritoryRow> nqsByTerritory,
            Double nqsBefore,
            Double nqsAfter,
            List<GradeRow> conversionBefore,
            List<GradeRow> conversionAfter,
            Double aucBefore,
            Double aucAfter,
            Double mqlConversionBefore,
            Double mqlConversionAfter,
            Double sqosKept,
            long volume,
            double expectedSqosBefore,
            double expectedSqosAfter,
            Money money,
            Map<String, Long> leadsBehind,
            String verdict,
            String drivers,
            String selectionBias) {}

    Result result(
            long withoutStoredInput,
            long neverHandedOff,
            long neverHandedOffWouldBeMql,
            FeedbackProperties.Money model) {
        Double conversionBefore = rate(sqoMqlBefore, decidedMqlBefore);
        Double conversionAfter = rate(sqoMqlAfter, decidedMqlAfter);
        double aucBefore = FeedbackStats.auc(aucBeforePositive, aucBeforeNegative);
        double aucAfter = FeedbackStats.auc(aucAfterPositive, aucAfterNegative);
        // At the old volume: as many MQLs as the old ruleset made, converting as each ruleset's MQLs did.
        long volume = mqlBefore;
        double expectedBefore = volume * nz(conversionBefore);
        double expectedAfter = volume * nz(conversionAfter);
        String verdict = verdict(aucBefore, aucAfter, conversionBefore, conversionAfter, expectedBefore, expectedAfter);
        List<TerritoryRow> territories = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>(tiersBefore.keySet());
        names.addAll(tiersAfter.keySet());
        long[] allBefore = new long[3];
        long[] allAfter = new long[3];
        for (String territory : names) {
            long[] b = tiersBefore.getOrDefault(territory, new long[3]);
            long[] a = tiersAfter.getOrDefault(territory, new long[3]);
            territories.add(new TerritoryRow(territory, b[0], nqs(b), a[0], nqs(a)));
            for (int i = 0; i < 3; i++) {
                allBefore[i] += b[i];
                allAfter[i] += a[i];
            }
        }
        Map<String, Long> behind = new LinkedHashMap<>();
        behind.put("transitions", replayed);
        behind.put("mqlBefore", replayed);
        behind.put("mqlAfter", replayed);
        behind.put("nqsBefore", allBefore[0]);
        behind.put("nqsAfter", allAfter[0]);
        behind.put("conversionPerGrade", decided);
        behind.put("auc", decided);
        behind.put("aucConverted", sqo);
        behind.put("mqlConversionBefore", decidedMqlBefore);
        behind.put("mqlConversionAfter", decidedMqlAfter);
        behind.put("sqosKept", sqoMqlBefore);
        behind.put("expectedSqos", volume);
        return new Result(
                baseline.version(),
                candidate.version(),
                replayed,
                decided,
                new Excluded(
                        noOutcome,
                        withoutStoredInput,
                        neverHandedOff,
                        neverHandedOffWouldBeMql,
                        imported,
                        importedWithoutGrade,
                        storedGradeDiffers),
                transitions,
                mqlBefore,
                mqlAfter,
                mqlBefore == 0 ? null : (double) (mqlAfter - mqlBefore) / mqlBefore,
                territories,
                nqs(allBefore),
                nqs(allAfter),
                rows(gradesBefore),
                rows(gradesAfter),
                Double.isNaN(aucBefore) ? null : aucBefore,
                Double.isNaN(aucAfter) ? null : aucAfter,
                conversionBefore,
                conversionAfter,
                rate(sqoKept, sqoMqlBefore),
                volume,
                expectedBefore,
                expectedAfter,
                Money.of(volume, nz(conversionBefore), nz(conversionAfter), model),
                behind,
                verdict,
                drivers(allBefore, allAfter, aucBefore, aucAfter, conversionBefore, conversionAfter),
                "Only leads someone handed off have an outcome: " + replayed + " were replayed, " + decided
                        + " of them with an outcome. " + noOutcome + " had no outcome yet and "
                        + withoutStoredInput + " no stored input (handed off before inputs were kept). "
                        + imported + " came from another system's history, " + importedWithoutGrade
                        + " of them without a grade (the old ruleset graded them for the comparison); "
                        + storedGradeDiffers + " carried a grade from another ruleset version, so before is the"
                        + " old ruleset's grade, not theirs. " + neverHandedOff
                        + " graded leads were never handed off, so nobody knows how they would have done; the"
                        + " candidate would make " + neverHandedOffWouldBeMql + " of them MQLs. Each ruleset's"
                        + " conversion counts only the leads it makes MQLs among those with an outcome.");
    }

    private String verdict(
            double aucBefore,
            double aucAfter,
            Double conversionBefore,
            Double conversionAfter,
            double expectedBefore,
            double expectedAfter) {
        if (decided == 0 || conversionBefore == null) {
            return "no handoffs with an outcome that the old ruleset made MQLs: nothing to judge";
        }
        if (aucAfter >= aucBefore + 0.01 && expectedAfter >= expectedBefore) {
            return String.format(
                    Locale.ROOT,
                    "better: ranks converters better (AUC %.3f -> %.3f, %d leads with an outcome) and its MQLs"
                            + " convert %.1f %% (%d leads) against %.1f %% (%d leads): %.0f expected SQOs instead"
                            + " of %.0f at the old volume of %d MQLs",
                    aucBefore,
                    aucAfter,
                    decided,
                    100 * nz(conversionAfter),
                    decidedMqlAfter,
                    100 * conversionBefore,
                    decidedMqlBefore,
                    expectedAfter,
                    expectedBefore,
                    mqlBefore);
        }
        String figures = String.format(
                Locale.ROOT,
                "AUC %.3f -> %.3f (%d leads with an outcome), MQL conversion %.1f %% (%d leads) -> %.1f %% (%d"
                        + " leads)",
                aucBefore,
                aucAfter,
                decided,
                100 * conversionBefore,
                decidedMqlBefore,
                100 * nz(conversionAfter),
                decidedMqlAfter);
        if (aucAfter <= aucBefore - 0.01 || expectedAfter < expectedBefore * 0.97) {
            return "worse: " + figures;
        }
        return "no clear difference: " + figures;
    }

    /**
     * Why NQS and the verdict move as they do, said whenever they disagree: NQS counts tiers among each ruleset's
     * MQLs (what the grade claims), the verdict counts conversions (what the leads did).
     */
    private String drivers(
            long[] before,
            long[] after,
            double aucBefore,
            double aucAfter,
            Double conversionBefore,
            Double conversionAfter) {
        Double nqsBefore = nqs(before);
        Double nqsAfter = nqs(after);
        if (nqsBefore == null || nqsAfter == null || conversionBefore == null || conversionAfter == null) {
            return null;
        }
        boolean nqsUp = nqsAfter > nqsBefore + 0.5;
        boolean nqsDown = nqsAfter < nqsBefore - 0.5;
        boolean better = aucAfter >= aucBefore + 0.01 && conversionAfter >= conversionBefore;
        boolean worse = aucAfter <= aucBefore - 0.01 || conversionAfter < conversionBefore * 0.97;
        if (!(nqsDown && better) && !(nqsUp && worse)) {
            return null;
        }
        List<Map.Entry<String, Long>> moves = new ArrayList<>();
        transitions.forEach((from, to) -> to.forEach((grade, count) -> {
            if (!from.equals(grade)) {
                moves.add(Map.entry(from + " -> " + grade, count));
            }
        }));
        moves.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        String largest = moves.stream()
                .limit(3)
                .map(e -> e.getKey() + " (" + e.getValue() + " leads)")
                .reduce((a, b) -> a + ", " + b)
                .orElse("none");
        return String.format(
                Locale.ROOT,
                "NQS %s from %.1f to %.1f because the tier mix of the MQLs changes: high %d -> %d, low %d -> %d of"
                        + " %d -> %d MQLs; the largest grade moves are %s. The verdict follows conversions instead:"
                        + " AUC %.3f -> %.3f, and the candidate drops %d MQLs with an outcome converting %s and adds"
                        + " %d converting %s",
                nqsUp ? "rises" : "falls",
                nqsBefore,
                nqsAfter,
                before[1],
                after[1],
                before[2],
                after[2],
                before[0],
                after[0],
                largest,
                aucBefore,
                aucAfter,
                dropped[0],
                percent(dropped),
                added[0],
                percent(added));
    }

    private static String percent(long[] counts) {
        return counts[0] == 0 ? "(none)" : String.format(Locale.ROOT, "%.1f %%", 100.0 * counts[1] / counts[0]);
    }

    private static void tier(Map<String, long[]> tiers, String territory, Tier tier) {
        long[] t = tiers.computeIfAbsent(territory == null ? "(none)" : territory, k -> new long[3]);
        t[0]++;
        t[1] += tier == Tier.HIGH ? 1 : 0;
        t[2] += tier == Tier.LOW ? 1 : 0;
    }

    private static void count(Map<String, long[]> grades, String grade, boolean converted) {
        long[] g = grades.computeIfAbsent(grade, k -> new long[2]);
        g[0]++;
        g[1] += converted ? 1 : 0;
    }

    private static List<GradeRow> rows(Map<String, long[]> grades) {
        List<GradeRow> rows = new ArrayList<>();
        grades.forEach(
                (grade, g) -> rows.add(new GradeRow(grade, g[0], g[1], rate(g[1], g[0]), Stats.wilson(g[1], g[0]))));
        return rows;
    }

    private static Double nqs(long[] tiers) {
        return tiers[0] == 0 ? null : Stats.nqs(tiers[1], tiers[2], tiers[0]);
    }

    private static Double rate(long x, long n) {
        return n == 0 ? null : (double) x / n;
    }

    private static double nz(Double value) {
        return value == null ? 0 : value;
    }
}
