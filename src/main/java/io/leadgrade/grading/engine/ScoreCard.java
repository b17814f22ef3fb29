package io.leadgrade.grading.engine;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Dimension;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.RulesetGapException;
import io.leadgrade.grading.Tier;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The fact points rules see and add to: the lead's profile, its engagement, and the running scores. Every call
 * records the rule that made it, so a grade can always be explained.
 */
public final class ScoreCard {

    private final String model;
    private final LeadProfile lead;
    private final EngagementSummary engagement;
    private final List<Contribution> explanation = new ArrayList<>(12);
    private int fitScore;
    private int engagementScore;
    private String fitLetter;
    private int engagementDigit;
    private Tier tier = Tier.BELOW_MQL;
    private boolean mql;

    public ScoreCard(String model, LeadProfile lead, EngagementSummary engagement) {
        this.model = model;
        this.lead = lead;
        this.engagement = engagement;
    }

    /** A card with given totals and no lead data, for probing what the threshold and mapping rules decide. */
    static ScoreCard probe(String model, int fitScore, int engagementScore) {
        ScoreCard card = new ScoreCard(model, null, null);
        card.fitScore = fitScore;
        card.engagementScore = engagementScore;
        return card;
    }

    /** A card whose letter and digit are decided, for probing the grade mapping. */
    static ScoreCard probe(String model, String letter, int digit) {
        ScoreCard card = new ScoreCard(model, null, null);
        card.fitLetter = letter;
        card.engagementDigit = digit;
        return card;
    }

    List<Contribution> decisions() {
        return explanation;
    }

    /** Adds (or with a negative number removes) fit points on behalf of the rule that calls it. */
    public void addFit(RuleContext rule, int points) {
        fitScore += points;
        explanation.add(Contribution.points(nameOf(rule), Dimension.FIT, points));
    }

    /** Adds (or with a negative number removes) engagement points on behalf of the rule that calls it. */
    public void addEngagement(RuleContext rule, int points) {
        engagementScore += points;
        explanation.add(Contribution.points(nameOf(rule), Dimension.ENGAGEMENT, points));
    }

    /**
     * Holds the point totals within the ruleset's floors and caps, recording each adjustment in the explanation
     * with the points it took away or added.
     */
    void bound(EngagementSettings settings) {
        fitScore = bounded(Dimension.FIT, "Fit points", fitScore, settings.fitFloor(), settings.fitCap());
        engagementScore = bounded(
                Dimension.ENGAGEMENT,
                "Engagement points",
                engagementScore,
                settings.engagementFloor(),
                settings.engagementCap());
    }

    private int bounded(Dimension dimension, String what, int total, Integer floor, Integer cap) {
        if (cap != null && total > cap) {
            explanation.add(new Contribution(what + " cap", dimension, cap - total, "capped at " + cap));
            return cap;
        }
        if (floor != null && total < floor) {
            explanation.add(
                    new Contribution(what + " floor", dimension, floor - total, "raised to the floor " + floor));
            return floor;
        }
        return total;
    }

    void decideFitLetter(RuleContext rule, String letter) {
        if (fitLetter == null) {
            fitLetter = letter;
        }
        explanation.add(Contribution.decision(nameOf(rule), Dimension.FIT, "fit letter " + letter));
    }

    void decideEngagementDigit(RuleContext rule, int digit) {
        if (engagementDigit == 0) {
            engagementDigit = digit;
        }
        explanation.add(Contribution.decision(nameOf(rule), Dimension.ENGAGEMENT, "engagement digit " + digit));
    }

    void decideTier(RuleContext rule, Tier decided) {
        tier = decided;
        explanation.add(Contribution.decision(nameOf(rule), Dimension.GRADE, "tier " + decided));
    }

    void decideMql(RuleContext rule, boolean decided) {
        mql = decided;
        explanation.add(Contribution.decision(nameOf(rule), Dimension.GRADE, decided ? "MQL" : "not MQL"));
    }

    public LeadProfile getLead() {
        return lead;
    }

    public EngagementSummary getEngagement() {
        return engagement;
    }

    public String getModel() {
        return model;
    }

    int fitScore() {
        return fitScore;
    }

    int engagementScore() {
        return engagementScore;
    }

    String fitLetter() {
        return fitLetter;
    }

    int engagementDigit() {
        return engagementDigit;
    }

    /** Fails when the threshold rules left a gap: a letter or digit must be decided before the grade exists. */
    void checkDecided(String rulesetVersion) {
        if (fitLetter == null) {
            throw new RulesetGapException("ruleset " + rulesetVersion + " gave no fit letter to fit score " + fitScore
                    + " (model " + model + "); every possible score needs a letter rule");
        }
        if (engagementDigit == 0) {
            throw new RulesetGapException("ruleset " + rulesetVersion + " gave no engagement digit to engagement score "
                    + engagementScore + " (model " + model + "); every possible score needs a digit rule");
        }
    }

    Grade toGrade() {
        return new Grade(
                model,
                fitScore,
                fitLetter,
                engagementScore,
                engagementDigit,
                fitLetter + engagementDigit,
                tier,
                mql,
                explanation);
    }

    private static String nameOf(RuleContext rule) {
        return rule.getRule().getName();
    }
}
