package io.leadgrade.feedback;

import java.time.Instant;

/**
 * The rule feedback flagged something it had not flagged at its previous refresh: a rule whose leads convert
 * unlike what its points promise, or a grade whose leads convert unlike its neighbours'. Published once per flag
 * each time it becomes current (a flag that stays current across refreshes is not news again).
 *
 * @param id the flag's id, as {@code GET /api/feedback/flags} answers it
 * @param kind what is wrong (over-weighted, under-weighted, penalty too strong or too weak, grade out of order, ...)
 * @param subject the rule or grade flagged
 * @param summary the finding in a sentence, with its figures
 * @param recommendation what to change, as an interval in points where there is one
 */
public record FindingRaised(
        String id, String kind, String subject, String summary, String recommendation, Instant at) {}
