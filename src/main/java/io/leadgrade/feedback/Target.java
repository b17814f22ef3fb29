package io.leadgrade.feedback;

import java.time.Instant;
import java.time.LocalDate;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An MQL-to-SQO conversion target that sales and marketing agreed for a period, optionally for one territory or
 * product line, with the baseline period it is measured against.
 *
 * @param to exclusive, like report filters
 */
@Document("feedback_targets")
record Target(
        @Id String id,
        LocalDate from,
        LocalDate to,
        double mqlToSqo,
        String territory,
        String productLine,
        LocalDate baselineFrom,
        LocalDate baselineTo,
        String note,
        String agreedBy,
        Instant agreedAt) {}
