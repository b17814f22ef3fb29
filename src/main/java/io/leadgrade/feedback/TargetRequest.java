package io.leadgrade.feedback;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * An agreed target: the period (to exclusive), the MQL-to-SQO conversion as a fraction, optionally one territory or
 * product line, and the baseline period (by default the period of the same length just before).
 */
record TargetRequest(
        @NotNull LocalDate from,
        @NotNull LocalDate to,

        @NotNull
        @DecimalMin(value = "0", inclusive = false, message = "must be a fraction above 0")
        @DecimalMax(value = "1", message = "must be a fraction of at most 1 (9 % is 0.09)")
        Double mqlToSqo,

        @Size(max = 64) String territory,
        @Size(max = 100) String productLine,
        LocalDate baselineFrom,
        LocalDate baselineTo,
        @Size(max = 2000) String note) {}
