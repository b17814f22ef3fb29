package io.leadgrade.feedback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded world with known truth: leads fire a set of scoring rules, are graded and handed off by their points like
 * the default ruleset does, and convert with a probability set by each rule's real effect. Most rules are calibrated
 * (real effect in log-odds = {@link #LOG_ODDS_PER_POINT} x points); the planted ones are not.
 *
 * <p>Two worlds: the {@link #BASIC} one (14 rules firing independently: one adds points but hurts, one removes
 * points but helps, three send their unconverted leads to one disposition far more often) and the {@link #HARDER}
 * one, which adds what real rulesets do: rules that co-fire on 80 %+ of the same leads (one pair with a calibrated
 * partner, one whose partner is worth less than nothing), three exclusive source rules that between them cover 99.8 % of
 * leads, a rule that fires for 99.7 % of leads (a tiny complement), under-weighted rules, too-weak penalties, and outcome noise
 * (each lead's odds vary beyond what the rules see, and 3 % of outcomes are recorded the wrong way round).
 */
final class Scenario {

    static final double LOG_ODDS_PER_POINT = 0.04;

    /**
     * A rule of the scenario: its points, how often it fires, and its real effect in log-odds. {@code follows}: it
     * fires with probability {@code firesWith} when that rule fired, {@code fires} otherwise. {@code group}: rules of
     * one group are exclusive, one of them (or none) chosen with probabilities {@code fires}.
     */
    record Rule(
            String name,
            boolean fit,
            int points,
            double fires,
            double realEffect,
            String extraCode,
            String follows,
            double firesWith,
            String group) {

        Rule(String name, boolean fit, int points, double fires, double realEffect, String extraCode) {
            this(name, fit, points, fires, realEffect, extraCode, null, 0, null);
        }

        static Rule calibrated(String name, boolean fit, int points, double fires) {
            return new Rule(name, fit, points, fires, LOG_ODDS_PER_POINT * points, null);
        }

        Rule following(String other, double withOther) {
            return new Rule(name, fit, points, fires, realEffect, extraCode, other, withOther, group);
        }

        Rule inGroup(String name) {
            return new Rule(this.name, fit, points, fires, realEffect, extraCode, follows, firesWith, name);
        }
    }

    /**
     * A world: its rules, what should be flagged ("rule/KIND"), the base log-odds, the spread of each lead's log-odds
     * beyond the rules, and the share of outcomes recorded the wrong way round.
     */
    record World(List<Rule> rules, Set<String> planted, double intercept, double logitNoise, double flipped) {}

    static final List<Rule> RULES = List.of(
            Rule.calibrated("Company size 200+", true, 20, 0.4),
            Rule.calibrated("Target industry", true, 15, 0.5),
            Rule.calibrated("Senior title", true, 20, 0.3),
            Rule.calibrated("Served country", true, 10, 0.7),
            new Rule("Manager title", true, 15, 0.3, -0.4, null), // planted: over-weighted
            new Rule("Personal email domain", true, -20, 0.2, 0.5, null), // planted: penalty too strong
            new Rule("Assistant title", true, 10, 0.2, 0.4, "WRONG_ROLE"), // planted: wrong role
            Rule.calibrated("Student", true, -25, 0.1),
            Rule.calibrated("Pricing page visit", false, 20, 0.3),
            Rule.calibrated("Form submission", false, 15, 0.4),
            new Rule("Webinar attended", false, 10, 0.3, 0.4, "EARLY_STAGE"), // planted: early stage
            Rule.calibrated("Email click", false, 5, 0.6),
            new Rule("Bought list", false, 10, 0.25, 0.4, "UNABLE_TO_CONNECT"), // planted: unreachable
            Rule.calibrated("Inactive 45 days", false, -15, 0.2));

    /** What the module should flag in the basic world, as "rule/KIND". */
    static final Set<String> PLANTED = Set.of(
            "Manager title/OVER_WEIGHTED",
            "Personal email domain/PENALTY_TOO_STRONG",
            "Assistant title/EXCESS_WRONG_ROLE",
            "Webinar attended/EXCESS_EARLY_STAGE",
            "Bought list/EXCESS_UNABLE_TO_CONNECT");

    static final World BASIC = new World(RULES, PLANTED, -2.6, 0, 0);

    static final World HARDER = new World(
            List.of(
                    Rule.calibrated("Company size 200+", true, 20, 0.4),
                    Rule.calibrated("Target industry", true, 15, 0.5),
                    Rule.calibrated("Senior title", true, 20, 0.3),
                    // co-fires with Senior title on 85 % of its leads; calibrated: must not take or lose credit
                    Rule.calibrated("Budget holder", true, 10, 0.03).following("Senior title", 0.85),
                    // 99.7 % of leads: too few without it to judge it
                    Rule.calibrated("Served country", true, 10, 0.997),
                    // exclusive, together 99.8 % of leads: collinear with the base rate
                    Rule.calibrated("Source: web", true, 5, 0.5).inGroup("source"),
                    Rule.calibrated("Source: event", true, 10, 0.3).inGroup("source"),
                    Rule.calibrated("Source: partner", true, 5, 0.198).inGroup("source"),
                    new Rule("Manager title", true, 15, 0.3, -0.4, null), // planted: over-weighted
                    new Rule("Personal email domain", true, -20, 0.2, 0.5, null), // planted: penalty too strong
                    new Rule("Uses our product", true, 5, 0.15, 0.9, null), // planted: under-weighted
                    new Rule("Competitor domain", true, -5, 0.15, -0.9, null), // planted: penalty too weak
                    new Rule("Assistant title", true, 10, 0.2, 0.4, "WRONG_ROLE"), // planted: wrong role
                    Rule.calibrated("Student", true, -25, 0.1),
                    Rule.calibrated("Director title", true, 15, 0.15),
                    // co-fires with Director title on 85 % of its leads, but worth less than nothing: over-weighted
                    new Rule("Department head", true, 15, 0.01, -0.3, null).following("Director title", 0.85),
                    Rule.calibrated("Pricing page visit", false, 20, 0.3),
                    Rule.calibrated("Form submission", false, 15, 0.4),
                    new Rule("Webinar attended", false, 10, 0.3, 0.4, "EARLY_STAGE"), // planted: early stage
                    Rule.calibrated("Email click", false, 5, 0.6),
                    new Rule("Requested a demo", false, 5, 0.12, 0.9, null), // planted: under-weighted
                    new Rule("Email hard-bounced", false, -5, 0.12, -0.9, null), // planted: penalty too weak
                    Rule.calibrated("Inactive 45 days", false, -15, 0.2)),
            Set.of(
                    "Manager title/OVER_WEIGHTED",
                    "Department head/OVER_WEIGHTED",
                    "Personal email domain/PENALTY_TOO_STRONG",
                    "Uses our product/UNDER_WEIGHTED",
                    "Competitor domain/PENALTY_TOO_WEAK",
                    "Requested a demo/UNDER_WEIGHTED",
                    "Email hard-bounced/PENALTY_TOO_WEAK",
                    "Assistant title/EXCESS_WRONG_ROLE",
                    "Webinar attended/EXCESS_EARLY_STAGE"),
            -4.3,
            0.5,
            0.03);

    static final Set<String> MQL = Set.of("A1", "A2", "B1");

    static final String[] CODES = {
        "UNABLE_TO_CONNECT", "NO_INTEREST", "WRONG_ROLE", "EARLY_STAGE", "BAD_DATA", "COMPETITOR", "ALREADY_CUSTOMER"
    };
    static final double[] MIX = {0.25, 0.25, 0.10, 0.15, 0.05, 0.10, 0.10};

    /** A graded lead of the scenario, its real conversion probability, and its outcome when it was handed off. */
    record Lead(
            Map<String, Integer> rules, int fit, int engagement, String grade, double probability, Boolean converted) {}

    final World world;
    final List<Lead> leads = new ArrayList<>();
    final List<Observation> observations = new ArrayList<>();

    /** {@code count} leads of the basic world; the MQLs among them are handed off and 90 % get an outcome. */
    Scenario(long seed, int count) {
        this(BASIC, seed, count);
    }

    Scenario(World world, long seed, int count) {
        this.world = world;
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Set<String> engagementRules = new HashSet<>();
        world.rules().stream().filter(r -> !r.fit()).forEach(r -> engagementRules.add(r.name()));
        for (int i = 0; i < count; i++) {
            Map<String, Integer> fired = new LinkedHashMap<>();
            int fit = 0;
            int engagement = 0;
            double logit = world.intercept();
            String extraCode = null;
            Map<String, Double> groupDraws = new LinkedHashMap<>();
            for (Rule rule : world.rules()) {
                if (!fires(rule, fired, groupDraws, random)) {
                    continue;
                }
                fired.put(rule.name(), rule.points());
                if (rule.fit()) {
                    fit += rule.points();
                } else {
                    engagement += rule.points();
                }
                logit += rule.realEffect();
                if (rule.extraCode() != null && (extraCode == null || random.nextBoolean())) {
                    extraCode = rule.extraCode();
                }
            }
            if (world.logitNoise() > 0) {
                logit += world.logitNoise() * random.nextGaussian();
            }
            String grade = grade(fit, engagement);
            double probability = 1 / (1 + Math.exp(-logit));
            if (!MQL.contains(grade) || random.nextDouble() >= 0.9) {
                leads.add(new Lead(fired, fit, engagement, grade, probability, null));
                continue;
            }
            boolean converted = random.nextDouble() < probability;
            if (world.flipped() > 0 && random.nextDouble() < world.flipped()) {
                converted = !converted;
            }
            leads.add(new Lead(fired, fit, engagement, grade, probability, converted));
            String code;
            if (converted) {
                code = "SQO";
            } else if (extraCode != null && random.nextDouble() < 0.4) {
                code = extraCode;
            } else {
                code = pick(random);
            }
            observations.add(new Observation(
                    "h" + i,
                    start.plusSeconds(i * 60L),
                    grade,
                    "t" + random.nextInt(4),
                    "p" + random.nextInt(2),
                    "v1",
                    fired,
                    engagementRules,
                    fit,
                    engagement,
                    code,
                    converted));
        }
    }

    private static boolean fires(Rule rule, Map<String, Integer> fired, Map<String, Double> groupDraws, Random random) {
        if (rule.group() != null) {
            // One uniform draw per group; each rule of the group owns a slice of [0, 1) in the order written.
            double u = groupDraws.computeIfAbsent(rule.group(), g -> random.nextDouble());
            groupDraws.put(rule.group(), u - rule.fires());
            return u >= 0 && u < rule.fires();
        }
        double p = rule.follows() != null && fired.containsKey(rule.follows()) ? rule.firesWith() : rule.fires();
        return random.nextDouble() < p;
    }

    /** The planted flaws about conversion (over- and under-weighted rules and penalties). */
    Set<String> plantedWeights() {
        Set<String> weights = new HashSet<>();
        for (String flag : world.planted()) {
            if (!flag.contains("/EXCESS_")) {
                weights.add(flag);
            }
        }
        return weights;
    }

    static String grade(int fit, int engagement) {
        return letter(fit) + "" + digit(engagement);
    }

    static char letter(int fit) {
        return fit >= 55 ? 'A' : fit >= 35 ? 'B' : fit >= 15 ? 'C' : 'D';
    }

    static char digit(int engagement) {
        return engagement >= 35 ? '1' : engagement >= 20 ? '2' : engagement >= 10 ? '3' : '4';
    }

    /** The real conversion of each grade among handed-off leads: the truth grade checks are judged against. */
    Map<String, Double> realConversion() {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Lead lead : leads) {
            double[] s = sums.computeIfAbsent(lead.grade(), g -> new double[2]);
            s[0]++;
            s[1] += lead.probability();
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        sums.forEach((grade, s) -> rates.put(grade, s[1] / s[0]));
        return rates;
    }

    private static String pick(Random random) {
        double u = random.nextDouble();
        for (int i = 0; i < CODES.length; i++) {
            u -= MIX[i];
            if (u < 0) {
                return CODES[i];
            }
        }
        return CODES[CODES.length - 1];
    }
}
