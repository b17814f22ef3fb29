package io.leadgrade.leads;

import io.leadgrade.grading.Tier;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import java.time.LocalDate;
import java.util.List;

/**
 * Filters of the lead list; null means "any".
 *
 * @param text part of the email, name, company or external id, any case
 * @param repId the rep the lead is handed to
 * @param disposition the code of the latest disposition
 * @param from created on or after this day (UTC)
 * @param to created before this day (UTC); a range must end after it starts
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
        LocalDate to) {

    public LeadFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException(List.of(new FieldProblem("to", "must be after from", to)));
        }
    }
}
