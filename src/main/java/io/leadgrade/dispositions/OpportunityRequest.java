package io.leadgrade.dispositions;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** How the opportunity of a converted lead ended. */
public record OpportunityRequest(
        @NotNull Outcome outcome,

        @DecimalMin("0") @DecimalMax("1000000000000") @Digits(integer = 13, fraction = 2)
        BigDecimal amount,

        @Size(max = 2000) String note) {

    public enum Outcome {
        WON,
        LOST
    }
}
