package io.leadgrade.grading.engine;

import io.leadgrade.grading.Tier;
import org.kie.api.runtime.rule.RuleContext;

/** A lead's grade (letter and digit), seen by the rules that map grades to tiers and decide who is an MQL. */
public final class GradeCell {

    private final ScoreCard card;
    private final String grade;

    GradeCell(ScoreCard card) {
        this.card = card;
        this.grade = card.fitLetter() + card.engagementDigit();
    }

    public String getGrade() {
        return grade;
    }

    public String getFit() {
        return card.fitLetter();
    }

    public int getEngagement() {
        return card.engagementDigit();
    }

    public String getModel() {
        return card.getModel();
    }

    /** Sets the tier: HIGH, MEDIUM, LOW or BELOW_MQL. Grades no rule maps stay BELOW_MQL. */
    public void tier(RuleContext rule, String tier) {
        card.decideTier(rule, Tier.valueOf(tier));
    }

    /** Decides whether the grade makes the lead a marketing-qualified lead. Grades no rule decides are not MQL. */
    public void mql(RuleContext rule, boolean mql) {
        card.decideMql(rule, mql);
    }
}
