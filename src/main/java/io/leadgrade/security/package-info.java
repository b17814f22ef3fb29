/**
 * Who may do what: roles (ingest, sales, marketing ops, admin), API keys for systems (stored hashed, shown once),
 * users with hashed passwords for the browser pages, and the audit log of changes that matter.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Security",
        type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.leadgrade.security;
