package io.leadgrade.leads;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.MqlGap;
import io.leadgrade.grading.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored lead with its current grading, as {@code GET /api/leads/{id}} answers it; that read adds, for a lead that
 * is not an MQL, why not ({@code whyNotMql}, left out elsewhere).
 */
public record LeadView(
        String id,
        String externalId,
        String email,
        String firstName,
        String lastName,
        String title,
        String company,
        Integer companySize,
        String industry,
        String country,
        String productLine,
        String source,
        Map<String, Object> attributes,
        EngagementCounts engagementCounts,
        List<ActivitySummary> activities,
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
        List<Grade> models,
        String territory,
        LeadStatus status,
        int cycle,
        String repId,
        String disposition,
        Instant nurtureUntil,
        boolean needsDataRepair,
        String duplicateOf,
        boolean placeholder,
        Instant gradedAt,
        Instant nextReviewAt,
        Instant createdAt,
        Instant updatedAt,
        boolean handoffPending,
        @JsonInclude(JsonInclude.Include.NON_NULL) MqlGap whyNotMql) {

    /** The same view with why the lead is not an MQL (by the active ruleset), as the single-lead read shows it. */
    LeadView withWhyNotMql(MqlGap gap) {
        return new LeadView(
                id,
                externalId,
                email,
                firstName,
                lastName,
                title,
                company,
                companySize,
                industry,
                country,
                productLine,
                source,
                attributes,
                engagementCounts,
                activities,
                grade,
                fit,
                engagement,
                fitScore,
                engagementScore,
                tier,
                mql,
                model,
                rulesetVersion,
                explanation,
                models,
                territory,
                status,
                cycle,
                repId,
                disposition,
                nurtureUntil,
                needsDataRepair,
                duplicateOf,
                placeholder,
                gradedAt,
                nextReviewAt,
                createdAt,
                updatedAt,
                handoffPending,
                gap);
    }

    /** One activity type of the lead: how many events ever, and the first and last. */
    public record ActivitySummary(String type, long total, Instant first, Instant last) {}

    private static List<ActivitySummary> summaries(ActivityDigest digest) {
        return digest.types().stream()
                .map(type -> new ActivitySummary(type.type(), type.total(), type.first(), type.last()))
                .toList();
    }

    static LeadView of(Lead lead) {
        return of(
                lead,
                lead.toLeadData(null),
                lead.getGrading(),
                lead.isPlaceholder(),
                lead.getGradedAt(),
                lead.getReviewAt(),
                lead.getUpdatedAt());
    }

    /** The lead as it was graded at a past moment: the profile and grading of that history entry. */
    static LeadView asOf(Lead lead, GradingRecord record) {
        return of(
                lead,
                record.input(),
                new Grading(record.rulesetVersion(), record.grades()),
                false,
                record.at(),
                null,
                record.at());
    }

    private static LeadView of(
            Lead lead,
            LeadData input,
            Grading graded,
            boolean placeholder,
            Instant gradedAt,
            Instant nextReviewAt,
            Instant updatedAt) {
        GradingView grading = GradingView.of(graded);
        return new LeadView(
                lead.getId(),
                lead.getExternalId(),
                input.email(),
                input.firstName(),
                input.lastName(),
                input.title(),
                input.company(),
                input.companySize(),
                input.industry(),
                input.country(),
                input.productLine(),
                input.source(),
                input.attributes(),
                input.engagement(),
                summaries(input.activity()),
                grading.grade(),
                grading.fit(),
                grading.engagement(),
                grading.fitScore(),
                grading.engagementScore(),
                grading.tier(),
                grading.mql(),
                grading.model(),
                grading.rulesetVersion(),
                grading.explanation(),
                grading.models(),
                lead.getTerritory(),
                lead.getStatus(),
                lead.getCycle(),
                lead.getRepId(),
                lead.getDisposition(),
                lead.getNurtureUntil(),
                lead.isNeedsDataRepair(),
                lead.getDuplicateOf(),
                placeholder,
                gradedAt,
                nextReviewAt,
                lead.getCreatedAt(),
                updatedAt,
                grading.mql() && handoffDue(lead, gradedAt),
                null);
    }

    /**
     * Whether an MQL waits for its handoff: graded an MQL, not handed off in this cycle and out of any cool-down.
     * Seen only while the handoff is being retried (it is delivered again after a failure).
     */
    private static boolean handoffDue(Lead lead, Instant gradedAt) {
        return (lead.getStatus() == LeadStatus.OPEN || lead.getStatus() == LeadStatus.RECYCLED)
                && (lead.getNurtureUntil() == null || gradedAt != null && !gradedAt.isBefore(lead.getNurtureUntil()));
    }
}
