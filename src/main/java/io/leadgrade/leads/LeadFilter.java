package io.leadgrade.leads;

import io.leadgrade.grading.Tier;

/**
 * Filters of the lead list; null means "any".
 *
 * @param text part of the email, name, company or external id, any case
 * @param repId the rep the lead is handed to
 * @param disposition the code of the latest disposition
 */
public record LeadFilter(
        String grade,
        Tier tier,
        Boolean mql,
        String territory,
        String productLine,
        String source,
        String text,
        String repId,
        String disposition) {

    public LeadFilter(String grade, Tier tier, Boolean mql, String territory, String productLine, String source) {
        this(grade, tier, mql, territory, productLine, source, null, null, null);
    }
}
