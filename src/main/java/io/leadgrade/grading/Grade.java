package io.leadgrade.grading;

import java.util.List;

/**
 * The grade one scoring model gives a lead.
 *
 * @param model the scoring model's name ("default" unless the ruleset defines more)
 * @param fitScore sum of fit points
 * @param fit fit letter A (best) to D
 * @param engagementScore sum of engagement points
 * @param engagement engagement digit 1 (best) to 4
 * @param grade letter and digit, e.g. "A2"
 * @param tier quality band of the grade
 * @param mql whether the grade is in the ruleset's MQL set
 * @param explanation every rule that fired, in order, with its points
 */
public record Grade(
        String model,
        int fitScore,
        String fit,
        int engagementScore,
        int engagement,
        String grade,
        Tier tier,
        boolean mql,
        List<Contribution> explanation) {

    public Grade {
        explanation = List.copyOf(explanation);
    }

    /** The rules that added or removed points, in firing order: "Executive title +30; Served market +10". */
    public String pointsSummary() {
        StringBuilder summary = new StringBuilder();
        for (Contribution contribution : explanation) {
            if (contribution.points() != 0) {
                summary.append(summary.isEmpty() ? "" : "; ")
                        .append(contribution.rule())
                        .append(contribution.points() > 0 ? " +" : " ")
                        .append(contribution.points());
            }
        }
        return summary.toString();
    }
}
