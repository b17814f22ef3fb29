package io.leadgrade.security;

import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Security settings (leadgrade.security.*). Checked when they are bound: a wrong value stops the start with the
 * property, its value and what is allowed, before anything is stored.
 *
 * @param initialAdminKey an admin key (lg_&lt;12 hex&gt;_&lt;43 base64url&gt;) to install on the first start of a new
 *     store instead of generating one; for automated deployments and tests. Unset: one is generated and printed once.
 * @param setupLinkValidity how long the one-time link to create the first admin user, printed at start while the
 *     store has no user, stays valid
 */
@ConfigurationProperties("leadgrade.security")
@Validated
public record SecurityProperties(
        @Pattern(
                regexp = "lg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}",
                message = "an API key has the form lg_<12 hex digits>_<43 base64url characters>")
        String initialAdminKey,

        @DefaultValue("1h") Duration setupLinkValidity) {}
