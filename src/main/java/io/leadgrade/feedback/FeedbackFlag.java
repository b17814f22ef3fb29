package io.leadgrade.feedback;

import java.time.Instant;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A flag in the {@code feedback_flags} collection: what the last refresh found about a rule or a grade, with the
 * evidence and a recommendation, and what people did about it. A refresh that no longer finds it keeps the flag
 * with {@code current} false; a refresh that finds it again keeps the status people gave it.
 *
 * @param id a hash of kind and subject, stable across refreshes
 * @param subject the rule name, or the grade(s)
 * @param file where the rule is written, in the ruleset version most of its leads were graded with (null for
 *     grades or when not found)
 * @param rulesetVersion that version
 * @param status OPEN, ACKNOWLEDGED or RESOLVED
 * @param resolvedByVersion the ruleset version that resolved it
 */
@Document("feedback_flags")
record FeedbackFlag(
        @Id String id,
        FlagKind kind,
        String subject,
        String file,
        Integer line,
        String rulesetVersion,
        String meaning,
        String summary,
        String recommendation,
        String test,
        double statistic,
        double p,
        double adjustedP,
        Map<String, Object> evidence,
        boolean current,
        Instant firstFlaggedAt,
        Instant lastFlaggedAt,
        Status status,
        String statusBy,
        Instant statusAt,
        String note,
        String resolvedByVersion,
        @Version Long version) {

    enum Status {
        OPEN,
        ACKNOWLEDGED,
        RESOLVED
    }
}
