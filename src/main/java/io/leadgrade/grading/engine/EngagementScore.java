package io.leadgrade.grading.engine;

import org.kie.api.runtime.rule.RuleContext;

/** The total engagement points of a lead, seen by the rules that turn points into a digit 1-4. */
public final class EngagementScore {

    private final ScoreCard card;

    EngagementScore(ScoreCard card) {
        this.card = card;
    }

    public int getPoints() {
        return card.engagementScore();
    }

    public String getModel() {
        return card.getModel();
    }

    /** Decides the engagement digit; when two rules match, the first decision stands and both are recorded. */
    public void digit(RuleContext rule, int digit) {
        card.decideEngagementDigit(rule, digit);
    }
}
