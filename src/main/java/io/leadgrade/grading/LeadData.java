package io.leadgrade.grading;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What grading needs to know about a lead: explicit profile data and engagement, at one moment. Every field may be
 * missing; rules treat missing data as "no points". Grading the same data with the same ruleset version always
 * gives the same grade, which is why the moment is part of it.
 *
 * @param companySize employees, null when unknown
 * @param country ISO 3166 alpha-2 code such as "US" (case is ignored)
 * @param attributes free-form values that rules can read by name
 * @param engagement counts over the last 30 days sent by a system that aggregates behaviour elsewhere
 * @param activity the lead's recorded activities, summarised
 * @param asOf the moment recency windows and decay are measured from; null means "when graded"
 */
public record LeadData(
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
        EngagementCounts engagement,
        ActivityDigest activity,
        Instant asOf) {

    public LeadData {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        engagement = engagement == null ? EngagementCounts.NONE : engagement;
        activity = activity == null ? ActivityDigest.NONE : activity;
    }

    /** A lead without recorded activities, graded when it is graded. */
    public LeadData(
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
            EngagementCounts engagement) {
        this(
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
                engagement,
                ActivityDigest.NONE,
                null);
    }

    /** The same lead seen at another moment. */
    public LeadData at(Instant moment) {
        return with(activity, moment);
    }

    /** The same lead with another activity summary. */
    public LeadData withActivity(ActivityDigest digest) {
        return with(digest, asOf);
    }

    private LeadData with(ActivityDigest digest, Instant moment) {
        return new LeadData(
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
                engagement,
                digest,
                moment);
    }
}
