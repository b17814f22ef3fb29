package io.leadgrade.handoff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A territory as admins send it; lists left out are empty (any).
 *
 * @param id lower-case letters, digits and "-", e.g. "emea-ent"; ignored on update (the URL names it)
 * @param segments SMB (1-199 employees), MID (200-999), ENT (1000+) or UNKNOWN
 * @param regions AMER, EMEA, APAC or UNKNOWN
 */
public record TerritoryRequest(
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}", message = "must be lower-case letters, digits and -, at most 64")
        String id,

        @NotBlank @Size(max = 200) String name,

        @Size(max = 300)
        List<@Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 3166 country code") String> countries,

        @Size(max = 10)
        List<@Pattern(regexp = "(?i)AMER|EMEA|APAC|UNKNOWN", message = "must be AMER, EMEA, APAC or UNKNOWN") String>
                regions,

        @Size(max = 10)
        List<@Pattern(regexp = "(?i)SMB|MID|ENT|UNKNOWN", message = "must be SMB, MID, ENT or UNKNOWN") String>
                segments,

        @Size(max = 100) List<@NotBlank @Size(max = 100) String> productLines) {}
