package io.leadgrade.reports;

import io.leadgrade.dispositions.DispositionAction;
import io.leadgrade.dispositions.DispositionProperties;
import io.leadgrade.dispositions.DispositionService;
import io.leadgrade.grading.Tier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Computes the reports from the totals of the selected handoffs (see {@link Totals}): each handoff counts with the
 * grade and tier it had when it was handed off, its rep, territory, product line and source, and the disposition
 * sales recorded. The totals come from the rollups; {@link HandoffScan} sums the same from the handoffs.
 */
@Service
public class ReportService {

    static final List<String> GRADES =
            List.of("A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "D1", "D2", "D3", "D4");

    private final Rollups rollups;
    private final DispositionService dispositions;
    private final int minGroupSize;
    private final double poorLeadsNqsGap;

    ReportService(
            Rollups rollups,
            DispositionService dispositions,
            @Value("${leadgrade.reports.min-group-size:20}") int minGroupSize,
            @Value("${leadgrade.reports.poor-leads-nqs-gap:15}") double poorLeadsNqsGap) {
        this.rollups = rollups;
        this.dispositions = dispositions;
        this.minGroupSize = minGroupSize;
        this.poorLeadsNqsGap = poorLeadsNqsGap;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Net Quality Score

    /** One group of the NQS report: volume, counts per tier and grade at handoff, and the score. */
    public record NqsRow(
            String group,
            long leads,
            long high,
            long medium,
            long low,
            long belowMql,
            Map<String, Long> grades,
            double nqs,
            boolean tooSmall) {}

    public record NqsReport(Grouping groupBy, int minGroupSize, NqsRow total, List<NqsRow> groups) {}

    public NqsReport nqs(Grouping groupBy, ReportFilter filter) {
        return nqs(groupBy, rollups.read(groupBy, filter));
    }

    NqsReport nqs(Grouping groupBy, Cube cube) {
        List<NqsRow> rows = new ArrayList<>();
        cube.groups().forEach((group, totals) -> rows.add(nqsRow(group, totals)));
        return new NqsReport(groupBy, minGroupSize, nqsRow("(all)", cube.total()), rows);
    }

    private NqsRow nqsRow(String group, Totals totals) {
        long leads = totals.leads();
        long high = totals.count(cell -> cell[1].equals(Tier.HIGH.name()));
        long medium = totals.count(cell -> cell[1].equals(Tier.MEDIUM.name()));
        long low = totals.count(cell -> cell[1].equals(Tier.LOW.name()));
        Map<String, Long> grades = new LinkedHashMap<>();
        GRADES.forEach(grade -> grades.put(grade, totals.count(cell -> cell[0].equals(grade))));
        return new NqsRow(
                group,
                leads,
                high,
                medium,
                low,
                leads - high - medium - low,
                grades,
                Stats.nqs(high, low, leads),
                leads < minGroupSize);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Dispositions and conversion per rep or territory

    /**
     * One group of the dispositions report. Conversion is SQOs (dispositions whose action is CONVERT) over
     * handed-off leads, with a 95 % Wilson interval; shares are of handed-off leads.
     *
     * @param overdue open handoffs the SLA check found past their due time
     * @param medianHoursToFirstDisposition from assignment, in the buckets {@link Facts#bucket} describes
     * @param flags what makes the group stand out against the rest of the team: "many leads" (1.5 times the mean
     *     group), "converts below the team" (the interval's top below everyone else's conversion), "many unable to
     *     connect" (a quarter of its leads or more, and twice everyone else's share)
     */
    public record DispositionRow(
            String group,
            long leads,
            long open,
            long overdue,
            Map<String, Long> codes,
            Map<String, Double> shares,
            long sqo,
            double conversion,
            Stats.Interval conversionInterval,
            long opportunitiesWon,
            Double medianHoursToFirstDisposition,
            boolean tooSmall,
            List<String> flags) {}

    static final String UNABLE_TO_CONNECT = "UNABLE_TO_CONNECT";

    public record DispositionReport(Grouping groupBy, DispositionRow total, List<DispositionRow> groups) {}

    public DispositionReport dispositions(Grouping groupBy, ReportFilter filter) {
        return dispositions(groupBy, rollups.read(groupBy, filter));
    }

    DispositionReport dispositions(Grouping groupBy, Cube cube) {
        Set<String> converting = converting();
        DispositionRow team = dispositionRow("(all)", cube.total(), converting, null, 0);
        double meanVolume = cube.groups().isEmpty()
                ? 0
                : (double) team.leads() / cube.groups().size();
        List<DispositionRow> rows = new ArrayList<>();
        cube.groups().forEach((group, totals) -> rows.add(dispositionRow(group, totals, converting, team, meanVolume)));
        return new DispositionReport(groupBy, team, rows);
    }

    private DispositionRow dispositionRow(
            String group, Totals totals, Set<String> converting, DispositionRow team, double meanVolume) {
        long leads = totals.leads();
        Map<String, Long> codes = new TreeMap<>();
        totals.cells().forEach((cell, count) -> {
            String code = cell.split("\\|", 3)[2];
            if (!code.equals(Facts.NONE)) {
                codes.merge(code, count, Long::sum);
            }
        });
        Map<String, Double> shares = new TreeMap<>();
        codes.forEach((code, count) -> shares.put(code, (double) count / leads));
        long sqo = totals.count(cell -> converting.contains(cell[2]));
        double conversion = leads == 0 ? Double.NaN : (double) sqo / leads;
        Stats.Interval interval = Stats.wilson(sqo, leads);
        List<String> flags = new ArrayList<>();
        // Each group is held against the rest of the team (everyone else), so a rep who gets most of the leads
        // cannot hide inside an average made mostly of their own.
        if (team != null && leads >= minGroupSize && team.leads() > leads) {
            long restLeads = team.leads() - leads;
            double restConversion = (double) (team.sqo() - sqo) / restLeads;
            long unableHere = codes.getOrDefault(UNABLE_TO_CONNECT, 0L);
            double restUnable = (double) (team.codes().getOrDefault(UNABLE_TO_CONNECT, 0L) - unableHere) / restLeads;
            if (leads >= 1.5 * meanVolume) {
                flags.add("many leads");
            }
            if (interval.high() < restConversion) {
                flags.add("converts below the team");
            }
            double unable = (double) unableHere / leads;
            if (unable >= 0.25 && unable >= 2 * restUnable) {
                flags.add("many unable to connect");
            }
        }
        return new DispositionRow(
                group,
                leads,
                totals.open(),
                totals.overdue(),
                codes,
                shares,
                sqo,
                conversion,
                interval,
                totals.won(),
                totals.medianHours(),
                leads < minGroupSize,
                flags);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Grade calibration

    /**
     * Conversion of one grade cell among leads with an outcome (a disposition), with a 95 % Wilson interval; both
     * {@code null} for a cell with no outcome yet (an empty cell has no rate, and JSON has no NaN).
     */
    public record CalibrationRow(
            String grade, long withOutcome, long sqo, Double conversion, Stats.Interval interval) {}

    public List<CalibrationRow> calibration(ReportFilter filter) {
        // Totals only: a MONTH read takes no group sections.
        return calibration(rollups.read(Grouping.MONTH, filter).total());
    }

    List<CalibrationRow> calibration(Totals total) {
        Set<String> converting = converting();
        List<CalibrationRow> rows = new ArrayList<>();
        for (String grade : GRADES) {
            long decided = total.count(cell -> cell[0].equals(grade) && !cell[2].equals(Facts.NONE));
            long sqo = total.count(cell -> cell[0].equals(grade) && converting.contains(cell[2]));
            rows.add(new CalibrationRow(
                    grade,
                    decided,
                    sqo,
                    decided == 0 ? null : (double) sqo / decided,
                    decided == 0 ? null : Stats.wilson(sqo, decided)));
        }
        return rows;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lead quality or follow-up?

    /**
     * One group judged against what its leads promised: {@code expectedSqo} applies the whole team's conversion per
     * grade to this group's leads with an outcome; {@code index} = actual / expected, with a 95 % interval.
     *
     * @param conversion SQOs among its leads with an outcome
     * @param expectedConversion the conversion its grade mix promises; {@code teamConversion} is the team's
     * @param nqs the Net Quality Score of all its handoffs (as the NQS report gives it)
     * @param restNqs the Net Quality Score of everyone else's handoffs (NaN when it has them all)
     * @param nqsGap {@code nqs - restNqs} with its 95 % interval
     * @param reason the verdict in a sentence, with the numbers it rests on
     */
    public record PerformanceRow(
            String group,
            long withOutcome,
            long actualSqo,
            double expectedSqo,
            double index,
            Stats.Interval indexInterval,
            double conversion,
            double expectedConversion,
            double teamConversion,
            double nqs,
            double restNqs,
            Stats.Interval nqsGap,
            String verdict,
            String reason) {}

    public static final String TOO_FEW = "too few leads to judge";
    public static final String BELOW = "below expectation given its leads";
    public static final String POOR_LEADS = "as expected with poor leads";
    public static final String FINE = "fine";

    public List<PerformanceRow> performance(Grouping groupBy, ReportFilter filter) {
        return performance(rollups.read(groupBy, filter));
    }

    List<PerformanceRow> performance(Cube cube) {
        Set<String> converting = converting();
        Map<String, Double> teamRate = new LinkedHashMap<>();
        for (CalibrationRow row : calibration(cube.total())) {
            teamRate.put(row.grade(), row.withOutcome() == 0 ? 0 : row.conversion());
        }
        long teamDecided = cube.total().count(cell -> !cell[2].equals(Facts.NONE));
        long teamSqo = cube.total().count(cell -> converting.contains(cell[2]));
        double team = teamDecided == 0 ? Double.NaN : (double) teamSqo / teamDecided;
        TierCounts everyone = TierCounts.of(cube.total());
        List<PerformanceRow> rows = new ArrayList<>();
        cube.groups().forEach((group, totals) -> {
            long decided = totals.count(cell -> !cell[2].equals(Facts.NONE));
            if (decided == 0) {
                return;
            }
            long actual = totals.count(cell -> converting.contains(cell[2]));
            double expected = 0;
            for (Map.Entry<String, Long> cell : totals.cells().entrySet()) {
                String[] parts = cell.getKey().split("\\|", 3);
                if (!parts[2].equals(Facts.NONE)) {
                    expected += cell.getValue() * teamRate.getOrDefault(parts[0], 0.0);
                }
            }
            double index = expected == 0 ? Double.NaN : actual / expected;
            Stats.Interval interval = Stats.ratioToExpected(actual, expected);
            double conversion = (double) actual / decided;
            double expectedConversion = expected / decided;
            TierCounts here = TierCounts.of(totals);
            TierCounts rest = everyone.minus(here);
            Stats.Interval gap = Stats.nqsDifference(here.high, here.low, here.leads, rest.high, rest.low, rest.leads);
            Judgement judgement = new Judgement(
                    decided,
                    interval,
                    conversion,
                    expectedConversion,
                    team,
                    here.nqs(),
                    rest.nqs(),
                    Stats.nqs(here.high, here.low, here.leads) - Stats.nqs(rest.high, rest.low, rest.leads),
                    gap);
            rows.add(new PerformanceRow(
                    group,
                    decided,
                    actual,
                    expected,
                    index,
                    interval,
                    conversion,
                    expectedConversion,
                    team,
                    here.nqs(),
                    rest.nqs(),
                    gap,
                    verdict(judgement),
                    reason(judgement, index)));
        });
        return rows;
    }

    /** Handoffs per tier that NQS counts: high, low and all. */
    private record TierCounts(long high, long low, long leads) {

        static TierCounts of(Totals totals) {
            return new TierCounts(
                    totals.count(cell -> cell[1].equals(Tier.HIGH.name())),
                    totals.count(cell -> cell[1].equals(Tier.LOW.name())),
                    totals.leads());
        }

        TierCounts minus(TierCounts other) {
            return new TierCounts(high - other.high, low - other.low, leads - other.leads);
        }

        double nqs() {
            return Stats.nqs(high, low, leads);
        }
    }

    /**
     * The verdict of one group, from the numbers in its row. Poor follow-up is tested first: a group whose index lies
     * wholly below 1 under-converts whatever its leads were. Otherwise its leads are poor when they are poorer than
     * everyone else's: a Net Quality Score at least {@code poorLeadsNqsGap} points below the rest of the team's,
     * beyond chance (the gap's 95 % interval lies wholly below 0), or a grade mix that promises under 75 % of the
     * team's conversion.
     */
    private record Judgement(
            long decided,
            Stats.Interval index,
            double conversion,
            double expectedConversion,
            double team,
            double nqs,
            double restNqs,
            double gap,
            Stats.Interval gapInterval) {}

    private String verdict(Judgement j) {
        if (j.decided() < minGroupSize) {
            return TOO_FEW;
        }
        if (j.index().high() < 1) {
            return BELOW;
        }
        boolean lowNqs = j.gap() <= -poorLeadsNqsGap && j.gapInterval().high() < 0;
        boolean poorGradeMix = j.expectedConversion() < 0.75 * j.team();
        return lowNqs || poorGradeMix ? POOR_LEADS : FINE;
    }

    private String reason(Judgement j, double index) {
        if (j.decided() < minGroupSize) {
            return String.format(
                    Locale.ROOT, "%d leads with an outcome, fewer than the %d needed", j.decided(), minGroupSize);
        }
        String quality = Double.isNaN(j.restNqs())
                ? String.format(Locale.ROOT, "NQS %.1f", j.nqs())
                : String.format(
                        Locale.ROOT,
                        "NQS %.1f against %.1f for the rest of the team (%+.1f points)",
                        j.nqs(),
                        j.restNqs(),
                        j.gap());
        return quality
                + String.format(
                        Locale.ROOT,
                        "; converts %.1f %% where its grade mix promises %.1f %% (team %.1f %%): index %.2f,"
                                + " 95 %% interval %.2f to %.2f",
                        100 * j.conversion(),
                        100 * j.expectedConversion(),
                        100 * j.team(),
                        index,
                        j.index().low(),
                        j.index().high());
    }

    // ---------------------------------------------------------------------------------------------------------

    private Set<String> converting() {
        return dispositions.codes().stream()
                .filter(code -> code.action() == DispositionAction.CONVERT)
                .map(DispositionProperties.Code::code)
                .collect(Collectors.toSet());
    }
}
