package io.leadgrade.leads;

import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.LeadData;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A lead as systems send it. Only {@code externalId} is required, and only to store the lead; fields left out
 * of an update keep their stored values.
 */
public record LeadRequest(
        @NotBlank(groups = Stored.class)
        @Size(max = 200)
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String externalId,

        @Email @Size(max = 320) String email,
        @Size(max = 200) String firstName,
        @Size(max = 200) String lastName,
        @Size(max = 300) String title,
        @Size(max = 300) String company,
        @PositiveOrZero @Max(10_000_000) Integer companySize,
        @Size(max = 100) String industry,
        @Size(max = 64) String country,
        @Size(max = 100) String productLine,
        @Size(max = 100) String source,
        @Size(max = 100) Map<@Size(max = 100) String, Object> attributes,
        @Valid Counts engagementCounts) {

    /** Validation group of leads that are stored: they need an external id. */
    public interface Stored {}

    /** Engagement counters over the last 30 days, for systems that aggregate behaviour elsewhere; missing = 0. */
    public record Counts(
            @PositiveOrZero @Max(1_000_000) Integer emailClicks,
            @PositiveOrZero @Max(1_000_000) Integer webVisits,
            @PositiveOrZero @Max(1_000_000) Integer pricingPageVisits,
            @PositiveOrZero @Max(1_000_000) Integer formSubmissions,
            @PositiveOrZero @Max(1_000_000) Integer webinarsAttended) {

        EngagementCounts toEngagementCounts() {
            return new EngagementCounts(
                    orZero(emailClicks),
                    orZero(webVisits),
                    orZero(pricingPageVisits),
                    orZero(formSubmissions),
                    orZero(webinarsAttended));
        }

        private static int orZero(Integer count) {
            return count == null ? 0 : count;
        }
    }

    EngagementCounts engagement() {
        return engagementCounts == null ? null : engagementCounts.toEngagementCounts();
    }

    public LeadData toLeadData() {
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
                engagement());
    }
}
