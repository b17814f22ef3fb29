package io.leadgrade.handoff;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A rep as admins send them.
 *
 * @param id lower-case letters, digits, ".", "_" and "-"; ignored on update (the URL names it)
 * @param dailyCapacity leads a day (1-10000); also the rep's weight in the round robin
 * @param maxOpenLeads at most this many leads waiting for a disposition (optional)
 */
public record RepRequest(
        @Pattern(
                regexp = "[a-z0-9][a-z0-9._-]{0,63}",
                message = "must be lower-case letters, digits, ., _ and -, at most 64")
        String id,

        @NotBlank @Size(max = 200) String name,
        @Email @Size(max = 320) String email,
        @NotEmpty @Size(max = 50) List<@NotBlank String> territories,
        @NotNull @Min(1) @Max(10_000) Integer dailyCapacity,
        @Min(1) @Max(100_000) Integer maxOpenLeads,
        Instant awayFrom,
        Instant awayUntil) {}
