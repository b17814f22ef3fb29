package io.leadgrade.feedback;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetReplay;
import io.leadgrade.grading.Tier;
import io.leadgrade.reports.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays a candidate ruleset on historical handoffs and compares it with what the grades at handoff did: the
 * grade transitions, MQL volume, NQS per territory, conversion per grade, how well each grade order ranks
 * converters (AUC), and the SQOs each would yield at the current volume. Feed it handoffs with {@link #add}, in
 * any number of batches, then read {@link #result}.
 *
 * <p>Selection bias, stated in the result: only leads the old rules handed off have an outcome. Leads the candidate
 * would newly make MQLs cannot be judged, and leads it drops are judged only by what they did.
 */
final class Backtest {

    /** One historical handoff to replay. {@code disposition} null: no outcome yet. */
    record Past(LeadData input, String grade, Tier tier, String territory, String disposition) {}

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
    private long replayed;
    private long decided;
    private long sqo;
    private long mqlAfter;
    private long decidedMqlAfter;
    private long sqoMqlAfter;
    private long noOutcome;

    Backtest(RulesetReplay candidate, Set<String> converting) {
        this.candidate = candidate;
        this.converting = converting;
    }

    void add(List<Past> batch) {
        List<Grading> gradings =
                candidate.gradeAll(batch.stream().map(Past::input).toList());
        for (int i = 0; i < batch.size(); i++) {
            Past past = batch.get(i);
            Grade now = gradings.get(i).primary();
            replayed++;
            transitions.computeIfAbsent(past.grade(), g -> new TreeMap<>()).merge(now.grade(), 1L, Long::sum);
            tier(tiersBefore, past.territory(), past.tier());
            if (now.mql()) {
                mqlAfter++;
                tier(tiersAfter, past.territory(), now.tier());
            }
            if (past.disposition() == null) {
                noOutcome++;
                continue;
            }
            boolean converted = converting.contains(past.disposition());
            decided++;
            sqo += converted ? 1 : 0;
            count(gradesBefore, past.grade(), converted);
            count(gradesAfter, now.grade(), converted);
            (converted ? aucBeforePositive : aucBeforeNegative)[score(past.grade())]++;
            (converted ? aucAfterPositive : aucAfterNegative)[score(now.grade())]++;
            if (now.mql()) {
                decidedMqlAfter++;
                sqoMqlAfter += converted ? 1 : 0;
            }
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

    record GradeRow(String grade, long decided, long sqo, double conversion, Stats.Interval interval) {}

    record TerritoryRow(String territory, long leadsBefore, double nqsBefore, long leadsAfter, double nqsAfter) {}

    record Excluded(long noOutcomeYet, long withoutStoredInput, long neverHandedOff, long neverHandedOffWouldBeMql) {}

    record Result(
            String candidateVersion,
            long replayed,
            long withOutcome,
            Excluded excluded,
            Map<String, Map<String, Long>> transitions,
            long mqlBefore,
            long mqlAfter,
            double mqlChange,
            List<TerritoryRow> nqsByTerritory,
            List<GradeRow> conversionBefore,
            List<GradeRow> conversionAfter,
            double aucBefore,
            double aucAfter,
            double mqlConversionBefore,
            double mqlConversionAfter,
            double sqosKept,
            long volume,
            double expectedSqosBefore,
            double expectedSqosAfter,
            Money money,
            String verdict,
            String selectionBias) {}

    Result result(
            long withoutStoredInput,
            long neverHandedOff,
            long neverHandedOffWouldBeMql,
            FeedbackProperties.Money model) {
        double conversionBefore = decided == 0 ? Double.NaN : (double) sqo / decided;
        double conversionAfter = decidedMqlAfter == 0 ? Double.NaN : (double) sqoMqlAfter / decidedMqlAfter;
        double aucBefore = FeedbackStats.auc(aucBeforePositive, aucBeforeNegative);
        double aucAfter = FeedbackStats.auc(aucAfterPositive, aucAfterNegative);
        double kept = sqo == 0 ? Double.NaN : (double) sqoMqlAfter / sqo;
        // At the current volume: as many MQLs as the old rules handed off, converting as each ruleset's MQLs did.
        long volume = replayed;
        double expectedBefore = volume * nz(conversionBefore);
        double expectedAfter = volume * nz(conversionAfter);
        String verdict;
        if (decided == 0) {
            verdict = "no handoffs with an outcome in the range: nothing to judge";
        } else if (aucAfter >= aucBefore + 0.01 && expectedAfter >= expectedBefore) {
            verdict = String.format(
                    Locale.ROOT,
                    "better: ranks converters better (AUC %.3f -> %.3f) and its MQLs convert %.1f %% against %.1f %%"
                            + " (%.0f expected SQOs instead of %.0f at this volume)",
                    aucBefore,
                    aucAfter,
                    100 * conversionAfter,
                    100 * conversionBefore,
                    expectedAfter,
                    expectedBefore);
        } else if (aucAfter <= aucBefore - 0.01 || expectedAfter < expectedBefore * 0.97) {
            verdict = String.format(
                    Locale.ROOT,
                    "worse: AUC %.3f -> %.3f, MQL conversion %.1f %% -> %.1f %%",
                    aucBefore,
                    aucAfter,
                    100 * conversionBefore,
                    100 * conversionAfter);
        } else {
            verdict = String.format(
                    Locale.ROOT,
                    "no clear difference: AUC %.3f -> %.3f, MQL conversion %.1f %% -> %.1f %%",
                    aucBefore,
                    aucAfter,
                    100 * conversionBefore,
                    100 * conversionAfter);
        }
        List<TerritoryRow> territories = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>(tiersBefore.keySet());
        names.addAll(tiersAfter.keySet());
        for (String territory : names) {
            long[] b = tiersBefore.getOrDefault(territory, new long[3]);
            long[] a = tiersAfter.getOrDefault(territory, new long[3]);
            territories.add(new TerritoryRow(territory, b[0], nqs(b), a[0], nqs(a)));
        }
        return new Result(
                candidate.version(),
                replayed,
                decided,
                new Excluded(noOutcome, withoutStoredInput, neverHandedOff, neverHandedOffWouldBeMql),
                transitions,
                replayed,
                mqlAfter,
                replayed == 0 ? Double.NaN : (double) (mqlAfter - replayed) / replayed,
                territories,
                rows(gradesBefore),
                rows(gradesAfter),
                aucBefore,
                aucAfter,
                conversionBefore,
                conversionAfter,
                kept,
                volume,
                expectedBefore,
                expectedAfter,
                Money.of(volume, nz(conversionBefore), nz(conversionAfter), model),
                verdict,
                "Only leads the old rules handed off have an outcome: " + replayed + " were replayed, " + decided
                        + " of them with an outcome. " + noOutcome + " had no outcome yet and "
                        + withoutStoredInput + " no stored input (handed off before inputs were kept). "
                        + neverHandedOff
                        + " graded leads were never handed off, so nobody knows how they would have done; the"
                        + " candidate would make " + neverHandedOffWouldBeMql + " of them MQLs. The candidate's"
                        + " conversion counts only the leads both rulesets hand off.");
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
        grades.forEach((grade, g) -> rows.add(new GradeRow(
                grade, g[0], g[1], g[0] == 0 ? Double.NaN : (double) g[1] / g[0], FeedbackStats.wilson(g[1], g[0]))));
        return rows;
    }

    private static double nqs(long[] tiers) {
        return tiers[0] == 0 ? Double.NaN : 100.0 * (tiers[1] - tiers[2]) / tiers[0];
    }

    private static double nz(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
