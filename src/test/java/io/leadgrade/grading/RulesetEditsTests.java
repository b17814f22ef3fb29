package io.leadgrade.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A tuned candidate written into the default ruleset's own files: only the numbers change, and it compiles. */
class RulesetEditsTests {

    static final RulesetFiles DEFAULT = RulesetFiles.read(Path.of("rules"));

    @Test
    void pointsAndThresholdsAreWrittenWhereAPersonWouldEditThem() {
        Map<String, Integer> points = new TreeMap<>(Map.of(
                "Manager title", -10,
                "Mid-market (200-999 employees)", 15,
                "Visited pricing page", 30,
                "No such rule", 5));
        RulesetEdits.Edited edited = RulesetEdits.apply(
                DEFAULT,
                points,
                new TreeMap<>(Map.of('A', 55, 'B', 35, 'C', 15)),
                new TreeMap<>(Map.of('1', 45, '2', 25, '3', 10)));

        assertThat(edited.written())
                .contains(
                        "fit.drl: Manager title +15 -> -10",
                        "company-size.drl.csv: Mid-market (200-999 employees) +20 -> +15",
                        "engagement.drl: Visited pricing page +25 -> +30",
                        "grade-thresholds.drl.csv: Fit A from/below 60/ -> 55/",
                        "grade-thresholds.drl.csv: Fit D from/below /20 -> /15",
                        "grade-thresholds.drl.csv: Engagement 2 from/below 30/50 -> 25/45");
        assertThat(edited.written()).contains("grade-thresholds.drl.csv: Engagement 3 from/below 10/30 -> 10/25");
        assertThat(edited.notWritten()).singleElement().asString().startsWith("No such rule: ");

        String fit = text(edited, "fit.drl");
        int manager = fit.indexOf("rule \"Manager title\"");
        assertThat(fit.substring(manager, fit.indexOf("\nend", manager))).contains("addFit( drools, -10 );");
        String original = text(DEFAULT, "fit.drl");
        int before = original.indexOf("rule \"Manager title\"");
        assertThat(fit)
                .as("nothing else in fit.drl changed")
                .isEqualTo(original.substring(0, before)
                        + original.substring(before).replaceFirst("addFit\\( drools, 15 \\)", "addFit( drools, -10 )"));
        assertThat(text(edited, "grade-thresholds.drl.csv"))
                .contains("Fit A (55 points and more),55,,A", "Fit B (35 to 54 points),35,55,B")
                .contains("Fit D (below 15 points),,15,D", "Engagement 1 (45 points and more),45,,1");

        RulesetCheck.Report check = RulesetCheck.check(edited.files());
        assertThat(check.problems()).as("the edited ruleset compiles").isEmpty();
        assertThat(check.failed()).as("its old tests pinned the old grades").isNotEmpty();
    }

    @Test
    void compilingAnEditedThresholdTableLeavesTheNextCompileOfTheOriginalAlone() {
        RulesetEdits.Edited edited =
                RulesetEdits.apply(DEFAULT, Map.of(), new TreeMap<>(Map.of('A', 40, 'B', 0, 'C', -20)), Map.of());
        assertThat(RulesetCheck.check(edited.files()).failed()).isNotEmpty();
        assertThat(RulesetCheck.check(DEFAULT).failed()).isEmpty();
    }

    private static String text(RulesetEdits.Edited edited, String path) {
        return text(edited.files(), path);
    }

    private static String text(RulesetFiles files, String path) {
        return new String(files.files().get(path), StandardCharsets.UTF_8);
    }
}
