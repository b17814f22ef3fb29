package io.leadgrade.feedback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded world with known truth: leads fire a set of scoring rules independently, are graded and handed off by
 * their points like the default ruleset does, and convert with a probability set by each rule's real effect. Most
 * rules are calibrated (real effect in log-odds = {@link #LOG_ODDS_PER_POINT} x points); the planted ones are not:
 * one adds points but hurts, one removes points but helps, and three send their unconverted leads to one
 * disposition far more often.
 */
final class Scenario {

    static final double LOG_ODDS_PER_POINT = 0.04;

    /** A rule of the scenario: its points, how often it fires, and its real effect in log-odds. */
    record Rule(String name, boolean fit, int points, double fires, double realEffect, String extraCode) {

        static Rule calibrated(String name, boolean fit, int points, double fires) {
            return new Rule(name, fit, points, fires, LOG_ODDS_PER_POINT * points, null);
        }
    }

    static final List<Rule> RULES = List.of(
            Rule.calibrated("Company size 200+", true, 20, 0.4),
            Rule.calibrated("Target industry", true, 15, 0.5),
            Rule.calibrated("Senior title", true, 20, 0.3),
            Rule.calibrated("Served country", true, 10, 0.7),
            new Rule("Manager title", true, 15, 0.3, -0.4, null), // planted: over-weighted
            new Rule("Personal email domain", true, -20, 0.2, 0.5, null), // planted: penalises good leads
            new Rule("Assistant title", true, 10, 0.2, 0.4, "WRONG_ROLE"), // planted: wrong role
            Rule.calibrated("Student", true, -25, 0.1),
            Rule.calibrated("Pricing page visit", false, 20, 0.3),
            Rule.calibrated("Form submission", false, 15, 0.4),
            new Rule("Webinar attended", false, 10, 0.3, 0.4, "EARLY_STAGE"), // planted: early stage
            Rule.calibrated("Email click", false, 5, 0.6),
            new Rule("Bought list", false, 10, 0.25, 0.4, "UNABLE_TO_CONNECT"), // planted: unreachable
            Rule.calibrated("Inactive 45 days", false, -15, 0.2));

    /** What the module should flag, as "rule/KIND". */
    static final Set<String> PLANTED = Set.of(
            "Manager title/OVER_WEIGHTED",
            "Personal email domain/PENALISES_GOOD_LEADS",
            "Assistant title/EXCESS_WRONG_ROLE",
            "Webinar attended/EXCESS_EARLY_STAGE",
            "Bought list/EXCESS_UNABLE_TO_CONNECT");

    static final Set<String> MQL = Set.of("A1", "A2", "B1");

    static final String[] CODES = {
        "UNABLE_TO_CONNECT", "NO_INTEREST", "WRONG_ROLE", "EARLY_STAGE", "BAD_DATA", "COMPETITOR", "ALREADY_CUSTOMER"
    };
    static final double[] MIX = {0.25, 0.25, 0.10, 0.15, 0.05, 0.10, 0.10};

    /** A graded lead of the scenario and its real conversion probability. */
    record Lead(Map<String, Integer> rules, String grade, double probability) {}

    final List<Lead> leads = new ArrayList<>();
    final List<Observation> observations = new ArrayList<>();

    /** {@code count} leads; the MQLs among them are handed off and 90 % get an outcome. */
    Scenario(long seed, int count) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            Map<String, Integer> fired = new LinkedHashMap<>();
            int fit = 0;
            int engagement = 0;
            double logit = -2.6;
            String extraCode = null;
            for (Rule rule : RULES) {
                if (random.nextDouble() < rule.fires()) {
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
            }
            String grade = grade(fit, engagement);
            double probability = 1 / (1 + Math.exp(-logit));
            leads.add(new Lead(fired, grade, probability));
            if (!MQL.contains(grade) || random.nextDouble() >= 0.9) {
                continue;
            }
            boolean converted = random.nextDouble() < probability;
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
                    code,
                    converted));
        }
    }

    static String grade(int fit, int engagement) {
        char letter = fit >= 55 ? 'A' : fit >= 35 ? 'B' : fit >= 15 ? 'C' : 'D';
        char digit = engagement >= 35 ? '1' : engagement >= 20 ? '2' : engagement >= 10 ? '3' : '4';
        return "" + letter + digit;
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
