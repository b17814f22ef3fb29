package io.leadgrade.grading.engine;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RuleProblem;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetCompilationException;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.RulesetGapException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
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

    private RuleTests() {}

    /** Runs every case of every {@code tests/*.yml} file; a file that cannot be read is a compilation problem. */
    public static List<RuleTestResult> run(CompiledRuleset ruleset, RulesetFiles files) {
        List<RuleTestResult> results = new ArrayList<>();
        List<RuleProblem> problems = new ArrayList<>();
        files.files().forEach((path, content) -> {
            if (path.startsWith(FOLDER) && (path.endsWith(".yml") || path.endsWith(".yaml"))) {
                try {
                    for (Map<?, ?> testCase : casesOf(content)) {
                        results.add(runCase(ruleset, path, testCase));
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

    private static List<Map<?, ?>> casesOf(byte[] content) {
        Object document =
                new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(content, StandardCharsets.UTF_8));
        if (!(document instanceof Map<?, ?> root) || !(root.get("cases") instanceof List<?> cases)) {
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

    private static RuleTestResult runCase(CompiledRuleset ruleset, String file, Map<?, ?> testCase) {
        String name = String.valueOf(testCase.get("name"));
        Map<?, ?> expect = mapOf(testCase.get("expect"), name + ": expect");
        Grade grade;
        try {
            grade = ruleset.grade(leadOf(mapOf(testCase.get("lead"), name + ": lead")))
                    .primary();
        } catch (RulesetGapException e) {
            return new RuleTestResult(file, name, null, List.of(e.getMessage()));
        }
        List<String> mismatches = new ArrayList<>();
        compare(mismatches, "model", expect.get("model"), grade.model());
        compare(mismatches, "grade", expect.get("grade"), grade.grade());
        compare(mismatches, "tier", expect.get("tier"), grade.tier().name());
        compare(mismatches, "mql", expect.get("mql"), grade.mql());
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
