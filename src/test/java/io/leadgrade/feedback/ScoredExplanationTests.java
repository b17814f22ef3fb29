package io.leadgrade.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.Dimension;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the feedback reads of a stored explanation: the floor and cap adjustments of the totals count in the totals
 * the letter and digit were given for, but are not rules anyone wrote, so they are never judged (or listed) as rules.
 */
class ScoredExplanationTests {

    @Test
    void floorAndCapAdjustmentsCountInTheTotalsButAreNotRules() {
        List<Contribution> explanation = List.of(
                Contribution.points("Executive title", Dimension.FIT, 30),
                Contribution.points("Email hard-bounced", Dimension.ENGAGEMENT, -30),
                Contribution.points("Email click", Dimension.ENGAGEMENT, 14),
                new Contribution("Engagement floor", Dimension.ENGAGEMENT, 16, "raised to the floor 0"),
                Contribution.points("Big company", Dimension.FIT, 90),
                new Contribution("Fit cap", Dimension.FIT, -20, "capped at 100"),
                Contribution.decision("Fit A (60 points and more)", Dimension.FIT, "fit letter A"),
                Contribution.decision("Engagement 4", Dimension.ENGAGEMENT, "engagement digit 4"));

        FeedbackService.Scored scored = FeedbackService.scored(explanation);

        assertThat(scored.rules())
                .containsOnlyKeys("Executive title", "Email hard-bounced", "Email click", "Big company")
                .containsEntry("Email click", 14);
        assertThat(scored.engagementRules()).containsExactlyInAnyOrder("Email hard-bounced", "Email click");
        assertThat(scored.fit()).isEqualTo(100);
        assertThat(scored.engagement()).isZero();
    }
}
