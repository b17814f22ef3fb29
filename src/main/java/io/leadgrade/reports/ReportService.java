package io.leadgrade.reports;

import io.leadgrade.dispositions.DispositionAction;
import io.leadgrade.dispositions.DispositionProperties;
import io.leadgrade.dispositions.DispositionService;
import io.leadgrade.grading.Tier;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Computes the reports from the handoffs: each handoff carries the grade and tier it had when it was handed off,
 * its rep, territory, product line and source, and the disposition sales recorded.
 */
@Service
public class ReportService {

    static final List<String> GRADES =
            List.of("A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "D1", "D2", "D3", "D4");

    private final MongoTemplate mongo;
    private final DispositionService dispositions;
    private final Clock clock;
    private final int minGroupSize;

    ReportService(
            MongoTemplate mongo,
            DispositionService dispositions,
            Clock clock,
            @Value("${leadgrade.reports.min-group-size:20}") int minGroupSize) {
        this.mongo = mongo;
        this.dispositions = dispositions;
        this.clock = clock;
        this.minGroupSize = minGroupSize;
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
        List<Handoff> handoffs = handoffs(filter);
        List<NqsRow> rows = new ArrayList<>();
        groups(handoffs, groupBy).forEach((group, members) -> rows.add(nqsRow(group, members)));
        return new NqsReport(groupBy, minGroupSize, nqsRow("(all)", handoffs), rows);
    }

    private NqsRow nqsRow(String group, List<Handoff> members) {
        long high = count(members, handoff -> handoff.tier() == Tier.HIGH);
        long medium = count(members, handoff -> handoff.tier() == Tier.MEDIUM);
        long low = count(members, handoff -> handoff.tier() == Tier.LOW);
        Map<String, Long> grades = new LinkedHashMap<>();
        GRADES.forEach(grade -> grades.put(grade, count(members, handoff -> grade.equals(handoff.grade()))));
        return new NqsRow(
                group,
                members.size(),
                high,
                medium,
                low,
                members.size() - high - medium - low,
                grades,
                Stats.nqs(high, low, members.size()),
                members.size() < minGroupSize);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Dispositions and conversion per rep or territory

    /**
     * One group of the dispositions report. Conversion is SQOs (dispositions whose action is CONVERT) over
     * handed-off leads, with a 95 % Wilson interval; shares are of handed-off leads.
     *
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
        List<Handoff> handoffs = handoffs(filter);
        Set<String> converting = converting();
        Map<String, Long> won = wonByHandoff(handoffs);
        Instant now = clock.instant();
        DispositionRow team = dispositionRow("(all)", handoffs, converting, won, now, null, 0);
        Map<String, List<Handoff>> groups = groups(handoffs, groupBy);
        double meanVolume = groups.isEmpty() ? 0 : (double) handoffs.size() / groups.size();
        List<DispositionRow> rows = new ArrayList<>();
        groups.forEach(
                (group, members) -> rows.add(dispositionRow(group, members, converting, won, now, team, meanVolume)));
        return new DispositionReport(groupBy, team, rows);
    }

    private DispositionRow dispositionRow(
            String group,
            List<Handoff> members,
            Set<String> converting,
            Map<String, Long> won,
            Instant now,
            DispositionRow team,
            double meanVolume) {
        long leads = members.size();
        Map<String, Long> codes = new TreeMap<>();
        for (Handoff handoff : members) {
            if (handoff.disposition() != null) {
                codes.merge(handoff.disposition(), 1L, Long::sum);
            }
        }
        Map<String, Double> shares = new TreeMap<>();
        codes.forEach((code, count) -> shares.put(code, (double) count / leads));
        long sqo = count(members, handoff -> converting.contains(handoff.disposition()));
        List<Long> hours = members.stream()
                .filter(handoff -> handoff.firstDispositionAt() != null)
                .map(handoff -> Duration.between(
                                handoff.assignedAt() != null ? handoff.assignedAt() : handoff.at(),
                                handoff.firstDispositionAt())
                        .toMinutes())
                .sorted()
                .toList();
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
                count(
                        members,
                        handoff -> handoff.status() == HandoffStatus.OPEN && handoff.firstDispositionAt() == null),
                count(members, handoff -> handoff.overdueAt(now)),
                codes,
                shares,
                sqo,
                conversion,
                interval,
                members.stream()
                        .mapToLong(handoff -> won.getOrDefault(handoff.id(), 0L))
                        .sum(),
                hours.isEmpty() ? null : median(hours) / 60.0,
                leads < minGroupSize,
                flags);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Grade calibration

    /** Conversion of one grade cell among leads with an outcome (a disposition), with a 95 % Wilson interval. */
    public record CalibrationRow(
            String grade, long withOutcome, long sqo, double conversion, Stats.Interval interval) {}

    public List<CalibrationRow> calibration(ReportFilter filter) {
        List<Handoff> decided = decided(handoffs(filter));
        Set<String> converting = converting();
        List<CalibrationRow> rows = new ArrayList<>();
        for (String grade : GRADES) {
            List<Handoff> cell = decided.stream()
                    .filter(handoff -> grade.equals(handoff.grade()))
                    .toList();
            long sqo = count(cell, handoff -> converting.contains(handoff.disposition()));
            rows.add(new CalibrationRow(
                    grade,
                    cell.size(),
                    sqo,
                    cell.isEmpty() ? Double.NaN : (double) sqo / cell.size(),
                    Stats.wilson(sqo, cell.size())));
        }
        return rows;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lead quality or follow-up?

    /**
     * One group judged against what its leads promised: {@code expectedSqo} applies the whole team's conversion per
     * grade to this group's leads with an outcome; {@code index} = actual / expected, with a 95 % interval.
     *
     * @param expectedConversion the conversion its grade mix promises; {@code teamConversion} is the team's
     */
    public record PerformanceRow(
            String group,
            long withOutcome,
            long actualSqo,
            double expectedSqo,
            double index,
            Stats.Interval indexInterval,
            double expectedConversion,
            double teamConversion,
            String verdict) {}

    public static final String TOO_FEW = "too few leads to judge";
    public static final String BELOW = "below expectation given its leads";
    public static final String POOR_LEADS = "as expected with poor leads";
    public static final String FINE = "fine";

    public List<PerformanceRow> performance(Grouping groupBy, ReportFilter filter) {
        List<Handoff> decided = decided(handoffs(filter));
        Set<String> converting = converting();
        Map<String, Double> teamRate = new LinkedHashMap<>();
        for (String grade : GRADES) {
            List<Handoff> cell = decided.stream()
                    .filter(handoff -> grade.equals(handoff.grade()))
                    .toList();
            teamRate.put(
                    grade,
                    cell.isEmpty() ? 0 : (double) count(cell, h -> converting.contains(h.disposition())) / cell.size());
        }
        double team = decided.isEmpty()
                ? Double.NaN
                : (double) count(decided, h -> converting.contains(h.disposition())) / decided.size();
        List<PerformanceRow> rows = new ArrayList<>();
        groups(decided, groupBy).forEach((group, members) -> {
            long actual = count(members, handoff -> converting.contains(handoff.disposition()));
            double expected = members.stream()
                    .mapToDouble(handoff -> teamRate.getOrDefault(handoff.grade(), 0.0))
                    .sum();
            double index = expected == 0 ? Double.NaN : actual / expected;
            Stats.Interval interval = Stats.ratioToExpected(actual, expected);
            double expectedConversion = expected / members.size();
            String verdict;
            if (members.size() < minGroupSize) {
                verdict = TOO_FEW;
            } else if (interval.high() < 1) {
                verdict = BELOW;
            } else if (expectedConversion < 0.75 * team) {
                verdict = POOR_LEADS;
            } else {
                verdict = FINE;
            }
            rows.add(new PerformanceRow(
                    group, members.size(), actual, expected, index, interval, expectedConversion, team, verdict));
        });
        return rows;
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<Handoff> handoffs(ReportFilter filter) {
        Criteria criteria = new Criteria();
        if (filter.from() != null || filter.to() != null) {
            Criteria at = Criteria.where("at");
            if (filter.from() != null) {
                at = at.gte(filter.from());
            }
            if (filter.to() != null) {
                at = at.lt(filter.to());
            }
            criteria = at;
        }
        if (filter.territory() != null) {
            criteria.and("territory").is(filter.territory());
        }
        if (filter.rep() != null) {
            criteria.and("repId").is(filter.rep());
        }
        if (filter.productLine() != null) {
            criteria.and("productLine").is(filter.productLine());
        }
        if (filter.source() != null) {
            criteria.and("source").is(filter.source());
        }
        Query query = Query.query(criteria);
        query.fields().exclude("explanation").exclude("history");
        return mongo.find(query, Handoff.class);
    }

    private static List<Handoff> decided(List<Handoff> handoffs) {
        return handoffs.stream()
                .filter(handoff -> handoff.disposition() != null)
                .toList();
    }

    private Set<String> converting() {
        return dispositions.codes().stream()
                .filter(code -> code.action() == DispositionAction.CONVERT)
                .map(DispositionProperties.Code::code)
                .collect(Collectors.toSet());
    }

    private Map<String, Long> wonByHandoff(Collection<Handoff> handoffs) {
        if (handoffs.isEmpty()) {
            return Map.of();
        }
        Query won = Query.query(Criteria.where("kind").is("OPPORTUNITY_WON"));
        won.fields().include("handoffId");
        return mongo.find(won, org.bson.Document.class, "dispositions").stream()
                .collect(Collectors.groupingBy(
                        document -> String.valueOf(document.get("handoffId")), Collectors.counting()));
    }

    private static Map<String, List<Handoff>> groups(List<Handoff> handoffs, Grouping groupBy) {
        return handoffs.stream().collect(Collectors.groupingBy(groupBy::of, TreeMap::new, Collectors.toList()));
    }

    private static long count(List<Handoff> handoffs, java.util.function.Predicate<Handoff> test) {
        return handoffs.stream().filter(test).count();
    }

    private static double median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
