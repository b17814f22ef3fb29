package io.leadgrade.grading;

/**
 * Recent behaviour of a lead as counts over the last 30 days, for systems that aggregate engagement elsewhere.
 * Negative counts are not possible; the API validates that.
 */
public record EngagementCounts(
        int emailClicks, int webVisits, int pricingPageVisits, int formSubmissions, int webinarsAttended) {

    public static final EngagementCounts NONE = new EngagementCounts(0, 0, 0, 0, 0);
}
