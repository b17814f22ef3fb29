package io.leadgrade.leads;

import io.leadgrade.grading.Tier;
import java.time.LocalDate;

/**
 * Filters of the lead list; null means "any".
 *
 * @param text part of the email, name, company or external id, any case
 * @param repId the rep the lead is handed to
 * @param disposition the code of the latest disposition
 * @param from created on or after this day (UTC)
 * @param to created before this day (UTC)
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
        String disposition,
        LocalDate from,
        LocalDate to) {}
