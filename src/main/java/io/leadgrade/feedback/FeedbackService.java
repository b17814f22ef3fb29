package io.leadgrade.feedback;

import io.leadgrade.dispositions.DispositionAction;
import io.leadgrade.dispositions.DispositionService;
import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Dimension;
import io.leadgrade.grading.GradingService;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.reports.Stats;
import io.leadgrade.rulesets.RulesetSources;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Reads what happened to handed-off leads, runs the grade checks and rule diagnostics ({@link Diagnostics}) and
 * keeps the flags they raise, with their status, in {@code feedback_flags}.
 */
@Service
public class FeedbackService {

    private final MongoTemplate mongo;
    private final DispositionService dispositions;
    private final GradingService grading;
    private final RulesetSources sources;
    private final TargetService targets;
    private final FeedbackProperties properties;
    private final Clock clock;

    private final org.springframework.context.ApplicationEventPublisher events;

    FeedbackService(
            MongoTemplate mongo,
            DispositionService dispositions,
            GradingService grading,
            RulesetSources sources,
            TargetService targets,
            FeedbackProperties properties,
            org.springframework.context.ApplicationEventPublisher events,
            Clock clock) {
        this.mongo = mongo;
        this.events = events;
        this.dispositions = dispositions;
        this.grading = grading;
        this.sources = sources;
        this.targets = targets;
        this.properties = properties;
        this.clock = clock;
    }

    /** Codes that count as a conversion (an SQO). */
    Set<String> converting() {
        return dispositions.codes().stream()
                .filter(code -> code.action() == DispositionAction.CONVERT)
                .map(code -> code.code())
                .collect(Collectors.toSet());
    }

    /**
     * Handed-off leads with an outcome, handed off in [from, to), each with the rules that added or removed points
     * at handoff. {@code progress} hears every 10,000 read.
     */
    List<Observation> observations(Instant from, Instant to, LongConsumer progress) {
        Criteria criteria = Criteria.where("disposition").ne(null);
        if (from != null || to != null) {
            Criteria at = Criteria.where("at");
            if (from != null) {
                at = at.gte(from);
            }
            if (to != null) {
                at = at.lt(to);
            }
            criteria = new Criteria().andOperator(criteria, at);
        }
        Query query = Query.query(criteria).cursorBatchSize(2000);
        query.fields().exclude("history").exclude("input");
        Set<String> converting = converting();
        List<Observation> observations = new ArrayList<>();
        try (Stream<Handoff> handoffs = mongo.stream(query, Handoff.class)) {
            handoffs.forEach(handoff -> {
                observations.add(observation(handoff, converting));
                if (observations.size() % 10_000 == 0) {
                    progress.accept(observations.size());
                }
            });
        }
        return observations;
    }

    static Observation observation(Handoff handoff, Set<String> converting) {
        Scored scored = scored(handoff.explanation());
        return new Observation(
                handoff.id(),
                handoff.at(),
                handoff.grade(),
                handoff.territory(),
                handoff.productLine(),
                handoff.rulesetVersion(),
                scored.rules(),
                scored.engagementRules(),
                scored.fit(),
                scored.engagement(),
                handoff.disposition(),
                converting.contains(handoff.disposition()));
    }

    /** The rules with points in an explanation, and the totals the letter and digit were given for. */
    record Scored(Map<String, Integer> rules, Set<String> engagementRules, int fit, int engagement) {}

    static Scored scored(List<Contribution> explanation) {
        Map<String, Integer> rules = new LinkedHashMap<>();
        Set<String> engagementRules = new java.util.HashSet<>();
        int fit = 0;
        int engagement = 0;
        if (explanation != null) {
            for (Contribution contribution : explanation) {
                if (contribution.points() == 0) {
                    continue;
                }
                boolean engagementPoints = contribution.dimension() == Dimension.ENGAGEMENT;
                if (engagementPoints) {
                    engagement += contribution.points();
                } else {
                    fit += contribution.points();
                }
                // A floor or cap adjustment carries a detail ("capped at 100"); it counts in the totals but is
                // not a rule anyone wrote, so it is not judged as one.
                if (contribution.detail() == null) {
                    rules.merge(contribution.rule(), contribution.points(), Integer::sum);
                    if (engagementPoints) {
                        engagementRules.add(contribution.rule());
                    }
                }
            }
        }
        return new Scored(rules, engagementRules, fit, engagement);
    }

    /**
     * The tuned candidate from the stored history and its validation: the changes of points, the thresholds
     * before and after (as the graded leads show them), and the out-of-sample comparison; and the candidate written
     * as ruleset files on top of the active version, with its rule tests regenerated from its own results.
     *
     * @param ruleset the candidate as files: what was written where, the diff, the changed files to upload (with
     *     {@code base=active}) for a backtest or an activation, and its check
     */
    public record CandidateProposal(
            Map<String, String> changes,
            Map<Character, Integer> lettersBefore,
            Map<Character, Integer> digitsBefore,
            Map<Character, Integer> lettersAfter,
            Map<Character, Integer> digitsAfter,
            long mqlBefore,
            long mqlAfter,
            long population,
            Tuner.Validation validation,
            CandidateRuleset ruleset) {}

    /**
     * @param version the candidate's version (content hash), tests included
     * @param baseVersion the active version it was written on
     * @param written "fit.drl: Manager title +15 -> -10", one line per number changed in the files
     * @param notWritten changes the files could not take (points that are not one literal), with why
     * @param acceptedTests rule-test cases whose expected values were replaced by the candidate's own results, for
     *     review: "tests/default.yml: case: grade B1 -> A2"
     * @param diff unified diff per changed file against the active version
     * @param files the changed files, path to text
     * @param check the candidate's checks with the regenerated tests (activation still requires them to pass)
     */
    public record CandidateRuleset(
            String version,
            String baseVersion,
            List<String> written,
            List<String> notWritten,
            List<String> acceptedTests,
            List<io.leadgrade.rulesets.RulesetDiff.FileDiff> diff,
            Map<String, String> files,
            io.leadgrade.grading.RulesetActivation check) {}

    CandidateProposal candidate(double band) {
        if (!(band >= 0 && band <= 1)) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("band", "must be a share of MQL volume from 0 to 1 (10 % is 0.1)", band)));
        }
        Instant now = clock.instant();
        List<Observation> outcomes = observations(now.minus(properties.window()), null, read -> {});
        List<Observation> population = gradedLeads();
        if (population.isEmpty()) {
            population = outcomes; // history without its leads (handoffs only): volume is counted on the handoffs
        }
        Thresholds seen = Thresholds.seen(population);
        Tuner.Grading active = new Tuner.Grading(
                withoutLowest(seen.letters()), withoutLowest(seen.digits()), grading.activeMqlGrades());
        Diagnostics.Settings settings = properties.settings();
        Tuner.Candidate candidate = Tuner.tune(outcomes, population, active, band, settings);
        Map<String, Double> current = new LinkedHashMap<>();
        Diagnostics.rules(outcomes, settings).rules().forEach(rule -> current.put(rule.rule(), rule.points()));
        return new CandidateProposal(
                Tuner.describe(candidate, current),
                active.letters(),
                active.digits(),
                candidate.grading().letters(),
                candidate.grading().digits(),
                candidate.mqlBefore(),
                candidate.mqlAfter(),
                population.size(),
                Tuner.validate(outcomes, population, active, band, 5, 1, settings),
                written(candidate, active));
    }

    /** The candidate in the active version's own files, its rule tests regenerated from its own results. */
    private CandidateRuleset written(Tuner.Candidate candidate, Tuner.Grading active) {
        io.leadgrade.grading.RulesetFiles base = grading.activeFiles().files();
        // Thresholds the tuning kept are left as the table writes them (the ones read off the leads may differ).
        io.leadgrade.grading.RulesetEdits.Edited edited = io.leadgrade.grading.RulesetEdits.apply(
                base,
                candidate.points(),
                candidate.grading().letters().equals(active.letters())
                        ? Map.of()
                        : candidate.grading().letters(),
                candidate.grading().digits().equals(active.digits())
                        ? Map.of()
                        : candidate.grading().digits());
        GradingService.AcceptedResults reviewed = grading.acceptResults(edited.files());
        io.leadgrade.grading.RulesetFiles files = reviewed.files() != null ? reviewed.files() : edited.files();
        Map<String, String> changed = new java.util.TreeMap<>();
        files.files().forEach((path, content) -> {
            if (!java.util.Arrays.equals(content, base.files().get(path))) {
                changed.put(path, new String(content, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return new CandidateRuleset(
                files.version(),
                base.version(),
                edited.written(),
                edited.notWritten(),
                reviewed.accepted(),
                io.leadgrade.rulesets.RulesetDiff.between(base.files(), files.files()),
                changed,
                reviewed.after() != null ? reviewed.after() : reviewed.before());
    }

    /** Every graded lead with the rules of its current grade: what MQL volume is counted on. */
    private List<Observation> gradedLeads() {
        Query query = Query.query(Criteria.where("grading").ne(null)).cursorBatchSize(2000);
        query.fields().include("grading");
        List<Observation> leads = new ArrayList<>();
        try (Stream<io.leadgrade.leads.Lead> stream = mongo.stream(query, io.leadgrade.leads.Lead.class)) {
            stream.forEach(lead -> {
                io.leadgrade.grading.Grade grade = lead.getGrading().primary();
                Scored scored = scored(grade.explanation());
                leads.add(new Observation(
                        lead.getId(),
                        null,
                        grade.grade(),
                        null,
                        null,
                        lead.getGrading().rulesetVersion(),
                        scored.rules(),
                        scored.engagementRules(),
                        scored.fit(),
                        scored.engagement(),
                        null,
                        false));
            });
        }
        return leads;
    }

    /** The lowest letter or digit has no lower bound: every total below the others lands in it. */
    private static Map<Character, Integer> withoutLowest(Map<Character, Integer> steps) {
        java.util.TreeMap<Character, Integer> bounded = new java.util.TreeMap<>(steps);
        if (!bounded.isEmpty()) {
            bounded.pollLastEntry();
        }
        return bounded;
    }

    /** What one refresh found. */
    public record Refresh(
            Instant at, long leads, int tests, int flagged, List<Diagnostics.RuleEvidence> rules, Double target) {}

    /** Runs every check on the window's outcomes and stores the flags; returns what it found. */
    Refresh refresh(LongConsumer progress) {
        Instant now = clock.instant();
        List<Observation> observations = observations(now.minus(properties.window()), null, progress);
        Diagnostics.Settings settings = properties.settings();
        Diagnostics.Result rules = Diagnostics.rules(observations, settings);
        Double target = targets.currentMqlTarget(now).orElse(null);
        List<Diagnostics.Finding> grades =
                Diagnostics.grades(observations, grading.activeMqlGrades(), target, settings);
        Map<String, String> versionOfRule = mostUsedVersion(observations);
        Set<String> found = new java.util.HashSet<>();
        // What was current before this refresh: a flag that stays current is not raised again.
        Query current = Query.query(Criteria.where("current").is(true));
        current.fields().include("_id");
        Set<String> wasCurrent = new java.util.HashSet<>();
        mongo.find(current, org.bson.Document.class, mongo.getCollectionName(FeedbackFlag.class))
                .forEach(flag -> wasCurrent.add(String.valueOf(flag.get("_id"))));
        List<FindingRaised> raised = new ArrayList<>();
        List<Diagnostics.Finding> all = new ArrayList<>(rules.findings());
        all.addAll(grades);
        int flagged = 0;
        for (Diagnostics.Finding finding : all) {
            if (!finding.flagged()) {
                continue;
            }
            flagged++;
            String id = id(finding.kind(), finding.subject());
            found.add(id);
            String version = finding.kind().subject().equals("rule") ? versionOfRule.get(finding.subject()) : null;
            RulesetSources.Location location = version == null
                    ? null
                    : sources.locate(version, finding.subject()).orElse(null);
            Update update = new Update()
                    .set("kind", finding.kind())
                    .set("subject", finding.subject())
                    .set("file", location == null ? null : location.file())
                    .set("line", location == null ? null : location.line())
                    .set("rulesetVersion", version)
                    .set("meaning", finding.kind().meaning())
                    .set("summary", finding.summary())
                    .set("recommendation", finding.recommendation())
                    .set("test", finding.test())
                    .set("statistic", finding.statistic())
                    .set("p", finding.p())
                    .set("adjustedP", finding.adjustedP())
                    .set("evidence", plain(finding.evidence()))
                    .set("current", true)
                    .set("lastFlaggedAt", now)
                    .setOnInsert("firstFlaggedAt", now)
                    .setOnInsert("status", FeedbackFlag.Status.OPEN)
                    .inc("version", 1);
            mongo.upsert(Query.query(Criteria.where("_id").is(id)), update, FeedbackFlag.class);
            if (!wasCurrent.contains(id)) {
                raised.add(new FindingRaised(
                        id,
                        finding.kind().name(),
                        finding.subject(),
                        finding.summary(),
                        finding.recommendation(),
                        now));
            }
        }
        Query gone = Query.query(Criteria.where("current").is(true));
        if (!found.isEmpty()) {
            gone.addCriteria(Criteria.where("_id").nin(found));
        }
        mongo.updateMulti(gone, new Update().set("current", false).inc("version", 1), FeedbackFlag.class);
        Refresh refresh = new Refresh(now, observations.size(), all.size(), flagged, rules.rules(), target);
        mongo.save(new LastRefresh(LastRefresh.ID, refresh), "feedback_runs");
        raised.forEach(events::publishEvent); // once the flags are stored: a receiver may read them at once
        return refresh;
    }

    /** The latest refresh, kept for the rule table. */
    record LastRefresh(String id, Refresh refresh) {
        static final String ID = "last";
    }

    Refresh lastRefresh() {
        LastRefresh last = mongo.findById(LastRefresh.ID, LastRefresh.class, "feedback_runs");
        return last == null ? null : last.refresh();
    }

    List<FeedbackFlag> flags(FeedbackFlag.Status status, Boolean current) {
        Criteria criteria = new Criteria();
        if (status != null) {
            criteria.and("status").is(status);
        }
        if (current != null) {
            criteria.and("current").is(current);
        }
        return mongo.find(
                Query.query(criteria).with(Sort.by(Sort.Order.desc("current"), Sort.Order.asc("adjustedP"))),
                FeedbackFlag.class);
    }

    /** A person acknowledges a flag, resolves it with a ruleset version, or opens it again. */
    FeedbackFlag update(String id, FeedbackFlag.Status status, String resolvedByVersion, String note, String by) {
        FeedbackFlag flag = mongo.findById(id, FeedbackFlag.class);
        if (flag == null) {
            throw Problems.notFound("flag", id);
        }
        if (status == null) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("status", "must be OPEN, ACKNOWLEDGED or RESOLVED", null)));
        }
        if (status == FeedbackFlag.Status.RESOLVED) {
            if (resolvedByVersion == null || resolvedByVersion.isBlank()) {
                throw new InvalidRequestException(List.of(new FieldProblem(
                        "resolvedByVersion", "must name the ruleset version that resolved it", resolvedByVersion)));
            }
            if (sources.files(resolvedByVersion).isEmpty()) {
                throw new InvalidRequestException(List.of(new FieldProblem(
                        "resolvedByVersion", "no stored ruleset has this version", resolvedByVersion)));
            }
        }
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id)),
                new Update()
                        .set("status", status)
                        .set("statusBy", by)
                        .set("statusAt", clock.instant())
                        .set("note", note)
                        .set("resolvedByVersion", status == FeedbackFlag.Status.RESOLVED ? resolvedByVersion : null)
                        .inc("version", 1),
                FeedbackFlag.class);
        return mongo.findById(id, FeedbackFlag.class);
    }

    /** For each rule, the ruleset version most of the leads it fired for were graded with. */
    private static Map<String, String> mostUsedVersion(List<Observation> observations) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (Observation o : observations) {
            for (String rule : o.rules().keySet()) {
                counts.computeIfAbsent(rule, r -> new HashMap<>()).merge(o.rulesetVersion(), 1, Integer::sum);
            }
        }
        Map<String, String> versions = new HashMap<>();
        counts.forEach((rule, byVersion) -> versions.put(
                rule,
                byVersion.entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .map(Map.Entry::getKey)
                        .orElse(null)));
        return versions;
    }

    /** Intervals as plain {low, high} maps, so the evidence stores and reads back as plain data. */
    private static Map<String, Object> plain(Map<String, Object> evidence) {
        Map<String, Object> plain = new LinkedHashMap<>();
        evidence.forEach((key, value) -> plain.put(
                key,
                value instanceof Stats.Interval interval
                        ? Map.of("low", interval.low(), "high", interval.high())
                        : value));
        return plain;
    }

    static String id(FlagKind kind, String subject) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((kind + ":" + subject).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
