package io.leadgrade.leads;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/**
 * One behavioural event as systems send it.
 *
 * @param leadExternalId the lead's external id; required in a batch, optional (and must match) on a lead's own URL
 * @param eventId the sender's id of the event: the same id sent again for the same lead counts once
 * @param type a standard type such as PRICING_PAGE_VISIT, or custom:&lt;name&gt;
 * @param at when it happened (ISO-8601), not in the future
 * @param properties anything else the sender knows (page, campaign, asset), kept with the event
 */
public record ActivityRequest(
        @Size(max = 200) String leadExternalId,

        @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String eventId,

        @NotBlank @Size(max = 60) String type,
        @NotNull Instant at,
        @Size(max = 50) Map<@Size(max = 100) String, Object> properties) {}
