package io.leadgrade.grading.engine;

import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.grading.ActivityTypes;
import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetCompilationException;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.RulesetGapException;
import io.leadgrade.grading.TerritoryProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Runs the rule tests of a ruleset: YAML files under {@code tests/} whose cases are example leads with the grade,
 * tier, MQL decision and (optionally) the exact points rules marketing ops expect.
 */
public final class RuleTests {

    static final String FOLDER = "tests/";
    static final Instant DEFAULT_AS_OF = Instant.parse("2026-01-15T12:00:00Z");

    private RuleTests() {}

    /** Runs every case of every {@code tests/*.yml} file; a file that cannot be read is a compilation problem. */
    public static List<RuleTestResult> run(CompiledRuleset ruleset, RulesetFiles files) {
        List<RuleTestResult> results = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        files.files().forEach((path, content) -> {
            if (path.startsWith(FOLDER) && (path.endsWith(".yml") || path.endsWith(".yaml"))) {
                try {
                    Map<?, ?> root = documentOf(content);
                    List<TerritoryProfile> territories = territoriesOf(root.get("territories"));
                    for (Map<?, ?> testCase : casesOf(root)) {
                        results.add(runCase(ruleset, path, testCase, territories));
                    }
                } catch (MarkedYAMLException e) {
                    problems.add(new RuleProblem(
                            path,
                            e.getProblemMark().getLine() + 1,
                            e.getProblemMark().getColumn() + 1,
                            e.getProblem()));
                } catch (YAMLException | IllegalArgumentException e) {
                    problems.add(new RuleProblem(path, 0, 0, e.getMessage()));
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new RulesetCompilationException("rule tests", problems);
        }
        return results;
    }

    private static Map<?, ?> documentOf(byte[] content) {
        Object document =
                new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(content, StandardCharsets.UTF_8));
        if (!(document instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("a rule test file holds a list under \"cases:\"");
        }
        return root;
    }

    /**
     * The territories routing expectations are checked against:
     * {@code territories: [{id: emea-ent, regions: [EMEA], segments: [ENT]}, ...]}.
     */
    private static List<TerritoryProfile> territoriesOf(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException("territories is a list such as [{id: emea, regions: [EMEA]}]");
        }
        List<TerritoryProfile> territories = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<?, ?> item = mapOf(items.get(i), "territories[" + i + "]");
            territories.add(new TerritoryProfile(
                    text(item, "id"),
                    texts(item, "countries"),
                    texts(item, "regions"),
                    texts(item, "segments"),
                    texts(item, "productLines")));
        }
        return territories;
    }

    private static List<String> texts(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(key + " is a list such as [US, CA]");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static List<Map<?, ?>> casesOf(Map<?, ?> root) {
        if (!(root.get("cases") instanceof List<?> cases)) {
            throw new IllegalArgumentException("a rule test file holds a list under \"cases:\"");
        }
        List<Map<?, ?>> result = new ArrayList<>();
        for (Object item : cases) {
            if (!(item instanceof Map<?, ?> testCase)) {
                throw new IllegalArgumentException("every case is a map with name, lead and expect");
            }
            result.add(testCase);
        }
        return result;
    }

    private static RuleTestResult runCase(
            CompiledRuleset ruleset, String file, Map<?, ?> testCase, List<TerritoryProfile> territories) {
        String name = String.valueOf(testCase.get("name"));
        Map<?, ?> expect = mapOf(testCase.get("expect"), name + ": expect");
        Grade grade;
        LeadData lead = leadOf(mapOf(testCase.get("lead"), name + ": lead"))
                .withActivity(activitiesOf(testCase.get("activities"), name, asOf(testCase, name)))
                .at(asOf(testCase, name));
        try {
            grade = ruleset.grade(lead).primary();
        } catch (RulesetGapException e) {
            return new RuleTestResult(file, name, null, List.of(e.getMessage()));
        }
        List<String> mismatches = new ArrayList<>();
        compare(mismatches, "model", expect.get("model"), grade.model());
        compare(mismatches, "grade", expect.get("grade"), grade.grade());
        compare(mismatches, "tier", expect.get("tier"), grade.tier().name());
        compare(mismatches, "mql", expect.get("mql"), grade.mql());
        if (expect.containsKey("territory")) {
            String territory = ruleset.route(lead, grade.grade(), territories).territory();
            compare(mismatches, "territory", expect.get("territory"), territory == null ? "none" : territory);
        }
        if (expect.get("fired") instanceof Collection<?> expected) {
            Set<String> expectedRules = new TreeSet<>();
            expected.forEach(rule -> expectedRules.add(String.valueOf(rule)));
            Set<String> fired = pointsRulesFired(grade);
            if (!expectedRules.equals(fired)) {
                Set<String> missing = new TreeSet<>(expectedRules);
                missing.removeAll(fired);
                Set<String> extra = new TreeSet<>(fired);
                extra.removeAll(expectedRules);
                mismatches.add("fired: expected " + expectedRules + ", got " + fired + " (missing " + missing
                        + ", unexpected " + extra + ")");
            }
        }
        return new RuleTestResult(file, name, grade, mismatches);
    }

    /** Rules that added or removed points; letter, digit and mapping decisions are implied by the grade. */
    public static Set<String> pointsRulesFired(Grade grade) {
        Set<String> fired = new TreeSet<>();
        for (Contribution contribution : grade.explanation()) {
            if (contribution.detail() == null) {
                fired.add(contribution.rule());
            }
        }
        return fired;
    }

    private static void compare(List<String> mismatches, String field, Object expected, Object actual) {
        if (expected != null && !String.valueOf(expected).equals(String.valueOf(actual))) {
            mismatches.add(field + ": expected " + expected + ", got " + actual);
        }
    }

    private static LeadData leadOf(Map<?, ?> lead) {
        Map<?, ?> counts = lead.get("engagementCounts") instanceof Map<?, ?> map ? map : Map.of();
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes =
                lead.get("attributes") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        return new LeadData(
                text(lead, "email"),
                text(lead, "firstName"),
                text(lead, "lastName"),
                text(lead, "title"),
                text(lead, "company"),
                lead.get("companySize") == null ? null : number(lead, "companySize"),
                text(lead, "industry"),
                text(lead, "country"),
                text(lead, "productLine"),
                text(lead, "source"),
                attributes,
                new EngagementCounts(
                        count(counts, "emailClicks"),
                        count(counts, "webVisits"),
                        count(counts, "pricingPageVisits"),
                        count(counts, "formSubmissions"),
                        count(counts, "webinarsAttended")));
    }

    /** The moment a case is graded at: its {@code asOf}, or a fixed default so cases never depend on the day. */
    private static Instant asOf(Map<?, ?> testCase, String name) {
        Object value = testCase.get("asOf");
        if (value == null) {
            return DEFAULT_AS_OF;
        }
        if (value instanceof Date date) {
            return date.toInstant();
        }
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + ": asOf must be an ISO-8601 instant such as 2026-01-15T12:00:00Z, not \"" + value + "\"");
        }
    }

    /**
     * A case's activities: {@code - {type: PRICING_PAGE_VISIT, daysAgo: 2, count: 3}}; {@code daysAgo} counts back
     * from the case's moment and {@code count} defaults to 1.
     */
    private static ActivityDigest activitiesOf(Object value, String name, Instant asOf) {
        if (value == null) {
            return ActivityDigest.NONE;
        }
        if (!(value instanceof List<?> items)) {
            throw new IllegalArgumentException(
                    name + ": activities is a list such as [{type: EMAIL_CLICK, daysAgo: 3}]");
        }
        ActivityDigest digest = ActivityDigest.NONE;
        for (int i = 0; i < items.size(); i++) {
            String where = name + ": activities[" + i + "]";
            Map<?, ?> item = mapOf(items.get(i), where);
            String type = ActivityTypes.canonical(text(item, "type"));
            if (type == null) {
                throw new IllegalArgumentException(
                        where + ".type \"" + text(item, "type") + "\" is not allowed; use " + ActivityTypes.ALLOWED);
            }
            int daysAgo = count(item, "daysAgo");
            int times = item.get("count") == null ? 1 : number(item, "count");
            if (daysAgo < 0 || times < 1 || times > 100_000) {
                throw new IllegalArgumentException(where + ": daysAgo must be 0 or more and count 1 to 100000");
            }
            digest = digest.plus(type, asOf.minus(Duration.ofDays(daysAgo)), times);
        }
        return digest;
    }

    private static Map<?, ?> mapOf(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " must be a map of fields");
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : String.valueOf(value);
    }

    private static int count(Map<?, ?> map, String key) {
        return map.get(key) == null ? 0 : number(map, key);
    }

    private static int number(Map<?, ?> map, String key) {
        if (map.get(key) instanceof Number number) {
            return number.intValue();
        }
        throw new IllegalArgumentException(key + " must be a whole number, not \"" + map.get(key) + "\"");
    }
}
