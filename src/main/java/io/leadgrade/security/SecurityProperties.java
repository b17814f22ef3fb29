package io.leadgrade.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings (leadgrade.security.*).
 *
 * @param initialAdminKey an admin key (lg_&lt;12 hex&gt;_&lt;43 base64url&gt;) to install on the first start of a new
 *     store instead of generating one; for automated deployments and tests. Unset: one is generated and printed once.
 * @param setupLinkValidity how long the one-time link to create the first admin user, printed at start while the
 *     store has no user, stays valid
 */
@ConfigurationProperties("leadgrade.security")
public record SecurityProperties(
        String initialAdminKey, @DefaultValue("1h") Duration setupLinkValidity) {}
