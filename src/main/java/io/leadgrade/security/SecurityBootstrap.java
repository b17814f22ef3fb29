package io.leadgrade.security;

import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * No default password: on the first start of a new store (no key, no user) one admin key is created and printed
 * once on the console, or the configured initial admin key is installed. The log only says that it happened. Only
 * the service does this: a command-line run on a new store (import, demo, backtest) leaves it to the service's first
 * start, so the key is not lost in (or mixed into) a command's output.
 */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);

    private final ApiKeys keys;
    private final Users users;
    private final SecurityProperties properties;

    SecurityBootstrap(ApiKeys keys, Users users, SecurityProperties properties) {
        this.keys = keys;
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!keys.none() || !users.none()) {
            return;
        }
        if (properties.initialAdminKey() != null
                && !properties.initialAdminKey().isBlank()) {
            ApiKeys.Created key = keys.install(properties.initialAdminKey(), "initial admin", EnumSet.of(Role.ADMIN));
            log.info("New store: installed the configured initial admin key {}", key.id());
            return;
        }
        ApiKeys.Created key = keys.create("initial admin", EnumSet.of(Role.ADMIN));
        log.warn(
                "New store: created admin key {}; the key itself is printed once on the console, not in the log",
                key.id());
        System.out.println();
        System.out.println("=".repeat(78));
        System.out.println(" LeadGrade admin API key (shown once; store it now, it cannot be shown again):");
        System.out.println();
        System.out.println("   " + key.key());
        System.out.println();
        System.out.println(" Use it as  X-API-Key: <key>  and create keys and users for people and systems:");
        System.out.println("   POST /api/admin/keys   POST /api/admin/users");
        System.out.println("=".repeat(78));
        System.out.println();
    }
}
