package io.leadgrade.leads;

import io.leadgrade.grading.Contribution;
import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored lead with its current grading, as {@code GET /api/leads/{id}} answers it. */
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
        Instant gradedAt,
        Instant createdAt,
        Instant updatedAt) {

    static LeadView of(Lead lead) {
        GradingView grading = GradingView.of(lead.getGrading());
        return new LeadView(
                lead.getId(),
                lead.getExternalId(),
                lead.getEmail(),
                lead.getFirstName(),
                lead.getLastName(),
                lead.getTitle(),
                lead.getCompany(),
                lead.getCompanySize(),
                lead.getIndustry(),
                lead.getCountry(),
                lead.getProductLine(),
                lead.getSource(),
                lead.getAttributes(),
                lead.getEngagementCounts(),
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
                lead.getGradedAt(),
                lead.getCreatedAt(),
                lead.getUpdatedAt());
    }
}
