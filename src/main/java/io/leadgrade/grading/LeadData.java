package io.leadgrade.grading;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What grading needs to know about a lead: explicit profile data and engagement. Every field may be missing;
 * rules treat missing data as "no points".
 *
 * @param companySize employees, null when unknown
 * @param country ISO 3166 alpha-2 code such as "US" (case is ignored)
 * @param attributes free-form values that rules can read by name
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
        EngagementCounts engagement) {

    public LeadData {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        engagement = engagement == null ? EngagementCounts.NONE : engagement;
    }
}
