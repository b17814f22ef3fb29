package io.leadgrade.dispositions;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * A rep's disposition of a lead.
 *
 * @param code one of the configured codes (GET /api/dispositions/codes)
 * @param opportunityAmount the opportunity's expected amount, for SQO
 * @param duplicateOf the id or external id of the lead that survives, for DUPLICATE
 */
public record DispositionRequest(
        @NotBlank @Size(max = 40) String code,
        @Size(max = 2000) String note,

        @DecimalMin("0") @DecimalMax("1000000000000") @Digits(integer = 13, fraction = 2)
        BigDecimal opportunityAmount,

        @Size(max = 200) String duplicateOf) {}
