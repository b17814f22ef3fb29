package io.leadgrade.grading.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.RuleTestResult;
import io.leadgrade.grading.RulesetFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The default ruleset against its own rule tests ({@code rules/tests/*.yml}): every case passes, every grade cell
 * is reached, and every rule (decision-table rows included) fires in some case, so no rule is dead.
 */
class DefaultRulesetTests {

    private static RulesetFiles files;
    private static CompiledRuleset ruleset;
    private static List<RuleTestResult> results;

    @BeforeAll
    static void gradeEveryCase() {
        files = RulesetFiles.read(Path.of("rules"));
        ruleset = new RulesetCompiler().compile("rules", files);
        results = RuleTests.run(ruleset, files);
    }

    @Test
    void everyRuleTestCasePasses() {
        assertThat(results).hasSizeGreaterThanOrEqualTo(16);
        List<String> failures = results.stream()
                .filter(result -> !result.passed())
                .map(String::valueOf)
                .toList();
        assertThat(failures).as("failing rule tests").isEmpty();
    }

    @Test
    void everyGradeCellA1ToD4IsReachedBySomeExample() {
        Set<String> reached = grades().stream().map(Grade::grade).collect(Collectors.toCollection(TreeSet::new));
        Set<String> cells = new TreeSet<>();
        for (char letter = 'A'; letter <= 'D'; letter++) {
            for (int digit = 1; digit <= 4; digit++) {
                cells.add("" + letter + digit);
            }
        }
        assertThat(reached).isEqualTo(cells);
    }

    @Test
    void everyRuleFiresInSomeExample() {
        Set<String> fired = grades().stream()
                .flatMap(grade -> grade.explanation().stream())
                .map(Contribution::rule)
                .collect(Collectors.toCollection(TreeSet::new));
        // The floor and cap of engagement.yml show in explanations too; both are reached by some example.
        assertThat(fired).contains("Engagement points cap", "Engagement points floor");
        fired.removeAll(Set.of("Engagement points cap", "Engagement points floor"));
        assertThat(fired).isEqualTo(ruleset.ruleNames());
    }

    @Test
    void everyExampleStatesWhichPointsRulesFire() {
        // "Fires where expected and only there" holds only if every case lists its exact set of fired rules.
        Map<String, List<Map<String, Map<String, Object>>>> document =
                new Yaml().load(new String(files.files().get("tests/default.yml"), StandardCharsets.UTF_8));
        List<Map<String, Map<String, Object>>> cases = document.get("cases");
        assertThat(cases).hasSize((int) results.stream()
                .filter(result -> result.file().equals("tests/default.yml"))
                .count());
        assertThat(cases)
                .allSatisfy(testCase -> assertThat(testCase.get("expect"))
                        .as(String.valueOf(testCase.get("name")))
                        .containsKey("fired"));
    }

    @Test
    void tiersAndMqlFollowTheDefaultMapping() {
        for (Grade grade : grades()) {
            String expectedTier = switch (grade.grade()) {
                case "A1" -> "HIGH";
                case "A2" -> "MEDIUM";
                case "B1", "B2" -> "LOW";
                default -> "BELOW_MQL";
            };
            assertThat(grade.tier().name()).as(grade.grade()).isEqualTo(expectedTier);
            assertThat(grade.mql())
                    .as(grade.grade())
                    .isEqualTo(Set.of("A1", "A2", "B1").contains(grade.grade()));
        }
    }

    @Test
    void explanationAddsUpToTheScores() {
        for (Grade grade : grades()) {
            int fit = sum(grade, io.leadgrade.grading.Dimension.FIT);
            int engagement = sum(grade, io.leadgrade.grading.Dimension.ENGAGEMENT);
            assertThat(fit).isEqualTo(grade.fitScore());
            assertThat(engagement).isEqualTo(grade.engagementScore());
        }
    }

    private static int sum(Grade grade, io.leadgrade.grading.Dimension dimension) {
        return grade.explanation().stream()
                .filter(contribution -> contribution.dimension() == dimension)
                .mapToInt(Contribution::points)
                .sum();
    }

    private static List<Grade> grades() {
        return results.stream()
                .map(RuleTestResult::grade)
                .filter(grade -> grade != null)
                .toList();
    }
}
