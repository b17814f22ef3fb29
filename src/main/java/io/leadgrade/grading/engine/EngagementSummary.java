package io.leadgrade.grading.engine;

import io.leadgrade.grading.EngagementCounts;

/** A lead's recent behaviour as engagement rules see it: counts over the last 30 days. */
public final class EngagementSummary {

    private final EngagementCounts counts;

    public EngagementSummary(EngagementCounts counts) {
        this.counts = counts;
    }

    public int getEmailClicks() {
        return counts.emailClicks();
    }

    public int getWebVisits() {
        return counts.webVisits();
    }

    public int getPricingPageVisits() {
        return counts.pricingPageVisits();
    }

    public int getFormSubmissions() {
        return counts.formSubmissions();
    }

    public int getWebinarsAttended() {
        return counts.webinarsAttended();
    }
}
