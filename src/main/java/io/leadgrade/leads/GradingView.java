package io.leadgrade.leads;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.Tier;
import java.util.List;

/** A grading as the API shows it: the primary grade's fields at the top, every model's grade under "models". */
public record GradingView(
        String grade,
        String fit,
        int engagement,
        int fitScore,
        int engagementScore,
        Tier tier,
        boolean mql,
        String model,
        String rulesetVersion,
        List<Contribution> explanation,
        List<Grade> models) {

    static GradingView of(Grading grading) {
        Grade primary = grading.primary();
        return new GradingView(
                primary.grade(),
                primary.fit(),
                primary.engagement(),
                primary.fitScore(),
                primary.engagementScore(),
                primary.tier(),
                primary.mql(),
                primary.model(),
                grading.rulesetVersion(),
                primary.explanation(),
                grading.grades());
    }
}
