package io.leadgrade.grading.engine;

import org.kie.api.runtime.rule.RuleContext;

/** The total fit points of a lead, seen by the rules that turn points into a letter A-D. */
public final class FitScore {

    private final ScoreCard card;

    FitScore(ScoreCard card) {
        this.card = card;
    }

    public int getPoints() {
        return card.fitScore();
    }

    public String getModel() {
        return card.getModel();
    }

    /** Decides the fit letter; when two rules match, the first decision stands and both are recorded. */
    public void letter(RuleContext rule, String letter) {
        card.decideFitLetter(rule, letter);
    }
}
