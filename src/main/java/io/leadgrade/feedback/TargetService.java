package io.leadgrade.feedback;

import io.leadgrade.reports.Grouping;
import io.leadgrade.reports.ReportFilter;
import io.leadgrade.reports.ReportService;
import io.leadgrade.reports.Stats;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Agreed MQL-to-SQO targets, and how the team stands against them, in conversion and in money. */
@Service
class TargetService {

    private final MongoTemplate mongo;
    private final ReportService reports;
    private final FeedbackProperties properties;
    private final Clock clock;

    TargetService(MongoTemplate mongo, ReportService reports, FeedbackProperties properties, Clock clock) {
        this.mongo = mongo;
        this.reports = reports;
        this.properties = properties;
        this.clock = clock;
    }

    Target put(String id, TargetRequest request, String by) {
        List<FieldProblem> problems = new ArrayList<>();
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            problems.add(new FieldProblem("id", "must be letters, digits, '.', '_' or '-', at most 64", id));
        }
        if (!request.from().isBefore(request.to())) {
            problems.add(new FieldProblem("to", "must be after from", request.to()));
        }
        LocalDate baselineTo = request.baselineTo() != null ? request.baselineTo() : request.from();
        LocalDate baselineFrom = request.baselineFrom() != null
                ? request.baselineFrom()
                : baselineTo.minusDays(ChronoUnit.DAYS.between(request.from(), request.to()));
        if (!baselineFrom.isBefore(baselineTo)) {
            problems.add(new FieldProblem("baselineTo", "must be after baselineFrom", baselineTo));
        }
        if (baselineTo.isAfter(request.from())) {
            problems.add(new FieldProblem("baselineTo", "must not be after the target period's start", baselineTo));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return mongo.save(new Target(
                id,
                request.from(),
                request.to(),
                request.mqlToSqo(),
                blankToNull(request.territory()),
                blankToNull(request.productLine()),
                baselineFrom,
                baselineTo,
                request.note(),
                by,
                clock.instant()));
    }

    List<Target> list() {
        return mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "from")), Target.class);
    }

    Target get(String id) {
        Target target = mongo.findById(id, Target.class);
        if (target == null) {
            throw Problems.notFound("target", id);
        }
        return target;
    }

    void delete(String id) {
        mongo.remove(get(id));
    }

    /** The team-wide target (no territory or product line) whose period covers this moment. */
    Optional<Double> currentMqlTarget(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return mongo
                .find(
                        Query.query(Criteria.where("territory")
                                        .is(null)
                                        .and("productLine")
                                        .is(null)
                                        .and("from")
                                        .lte(today)
                                        .and("to")
                                        .gt(today))
                                .with(Sort.by(Sort.Direction.DESC, "agreedAt")),
                        Target.class)
                .stream()
                .findFirst()
                .map(Target::mqlToSqo);
    }

    /** Conversion of a period: handed-off leads, SQOs among them, the rate and its 95 % interval. */
    record Standing(LocalDate from, LocalDate to, long leads, long sqo, double conversion, Stats.Interval interval) {}

    /**
     * Baseline, current and target side by side, and what the differences are worth: the current period against the
     * baseline, and reaching the target from where the team stands, both at the current period's MQL volume.
     */
    record TargetReport(
            Target target,
            Standing baseline,
            Standing current,
            double targetConversion,
            String verdict,
            Money currentAgainstBaseline,
            Money targetAgainstCurrent) {}

    TargetReport report(String id) {
        Target target = get(id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate currentTo = target.to().isAfter(today.plusDays(1)) ? today.plusDays(1) : target.to();
        Standing baseline = standing(target, target.baselineFrom(), target.baselineTo());
        Standing current =
                standing(target, target.from(), currentTo.isAfter(target.from()) ? currentTo : target.from());
        String verdict;
        if (current.leads() == 0) {
            verdict = "no handed-off leads in the period yet";
        } else if (current.interval().low() >= target.mqlToSqo()) {
            verdict = "above target";
        } else if (current.interval().high() < target.mqlToSqo()) {
            verdict = "below target";
        } else {
            verdict = "not yet distinguishable from the target";
        }
        return new TargetReport(
                target,
                baseline,
                current,
                target.mqlToSqo(),
                verdict,
                Money.of(current.leads(), rate(baseline), rate(current), properties.money()),
                Money.of(current.leads(), rate(current), target.mqlToSqo(), properties.money()));
    }

    Money money(long volume, double from, double to) {
        List<FieldProblem> problems = new ArrayList<>();
        if (volume < 0) {
            problems.add(new FieldProblem("volume", "must be 0 or more", volume));
        }
        if (from < 0 || from > 1) {
            problems.add(new FieldProblem("from", "must be a fraction from 0 to 1 (3 % is 0.03)", from));
        }
        if (to < 0 || to > 1) {
            problems.add(new FieldProblem("to", "must be a fraction from 0 to 1 (9 % is 0.09)", to));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return Money.of(volume, from, to, properties.money());
    }

    private Standing standing(Target target, LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            return new Standing(from, to, 0, 0, Double.NaN, Stats.Interval.NONE);
        }
        ReportFilter filter = new ReportFilter(
                from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.atStartOfDay(ZoneOffset.UTC).toInstant(),
                target.territory(),
                null,
                target.productLine(),
                null);
        ReportService.DispositionRow total =
                reports.dispositions(Grouping.MONTH, filter).total(); // the total: no group sections read
        return new Standing(from, to, total.leads(), total.sqo(), total.conversion(), total.conversionInterval());
    }

    private static double rate(Standing standing) {
        return standing.leads() == 0 ? 0 : standing.conversion();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
