package io.leadgrade.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security settings (leadgrade.security.*).
 *
 * @param initialAdminKey an admin key (lg_&lt;12 hex&gt;_&lt;43 base64url&gt;) to install on the first start of a new
 *     store instead of generating one; for automated deployments and tests. Unset: one is generated and printed once.
 */
@ConfigurationProperties("leadgrade.security")
public record SecurityProperties(String initialAdminKey) {}
