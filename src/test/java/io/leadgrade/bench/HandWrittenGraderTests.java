package io.leadgrade.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.engine.CompiledRuleset;
import io.leadgrade.grading.engine.RuleTests;
import io.leadgrade.grading.engine.RulesetCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The benchmark baseline is only fair if it grades exactly like the Drools rules: checked on generated leads. */
class HandWrittenGraderTests {

    @Test
    void handWrittenRulesAgreeWithDroolsOnEveryGeneratedLead() {
        CompiledRuleset drools = new RulesetCompiler().compile("rules", RulesetFiles.read(Path.of("rules")));
        HandWrittenGrader handWritten = new HandWrittenGrader();
        List<LeadData> leads = new LeadGenerator(42).leads(20_000);

        List<Grade> byDrools = drools.gradeAll(leads).stream()
                .map(grading -> grading.primary())
                .toList();

        Set<String> gradesSeen = new TreeSet<>();
        for (int i = 0; i < leads.size(); i++) {
            Grade expected = byDrools.get(i);
            Grade actual = handWritten.grade(leads.get(i));
            String lead = leads.get(i).toString();
            assertThat(actual.grade()).as(lead).isEqualTo(expected.grade());
            assertThat(actual.fitScore()).as(lead).isEqualTo(expected.fitScore());
            assertThat(actual.engagementScore()).as(lead).isEqualTo(expected.engagementScore());
            assertThat(actual.tier()).as(lead).isEqualTo(expected.tier());
            assertThat(actual.mql()).as(lead).isEqualTo(expected.mql());
            assertThat(pointsRules(actual)).as(lead).isEqualTo(pointsRules(expected));
            gradesSeen.add(expected.grade());
        }
        assertThat(gradesSeen).as("the generator reaches every grade cell").hasSize(16);
    }

    private static Set<String> pointsRules(Grade grade) {
        return RuleTests.pointsRulesFired(grade);
    }
}
