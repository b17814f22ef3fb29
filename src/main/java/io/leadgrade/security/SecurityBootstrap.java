package io.leadgrade.security;

import java.time.Duration;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * No default password: on the first start of a new store (no key, no user) one admin key is created and printed
 * once on the console, or the configured initial admin key is installed. While the store has no user, every start
 * also prints a one-time link to create the first admin user in the browser. The log only says that it happened.
 * Only the service does this: a command-line run on a new store (import, demo, backtest) leaves it to the service's
 * first start, so the key is not lost in (or mixed into) a command's output.
 */
@Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);
    private static final String RULE = "=".repeat(78);

    private final ApiKeys keys;
    private final Users users;
    private final SetupLinks links;
    private final SecurityProperties properties;
    private final Environment environment;

    SecurityBootstrap(
            ApiKeys keys, Users users, SetupLinks links, SecurityProperties properties, Environment environment) {
        this.keys = keys;
        this.users = users;
        this.links = links;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!users.none()) {
            return;
        }
        String setup = setupLink();
        if (!keys.none()) {
            log.info("No user yet: printed a new one-time setup link on the console");
            print(" No user yet. Create the first admin user in the browser with this one-time link", setup);
            return;
        }
        if (properties.initialAdminKey() != null
                && !properties.initialAdminKey().isBlank()) {
            ApiKeys.Created key = keys.install(properties.initialAdminKey(), "initial admin", EnumSet.of(Role.ADMIN));
            log.info("New store: installed the configured initial admin key {}", key.id());
            print(" New store. Create the first admin user in the browser with this one-time link", setup);
            return;
        }
        ApiKeys.Created key = keys.create("initial admin", EnumSet.of(Role.ADMIN));
        log.warn(
                "New store: created admin key {}; the key itself is printed once on the console, not in the log",
                key.id());
        System.out.println();
        System.out.println(RULE);
        System.out.println(" LeadGrade admin API key (shown once; store it now, it cannot be shown again):");
        System.out.println();
        System.out.println("   " + key.key());
        System.out.println();
        System.out.println(" Use it as  X-API-Key: <key>  and create keys and users for people and systems:");
        System.out.println("   POST /api/admin/keys   POST /api/admin/users");
        System.out.println();
        System.out.println(" Or create the first admin user in the browser with this one-time link");
        System.out.println(" (valid for " + human(properties.setupLinkValidity()) + ", once; every start prints a new"
                + " one while there is no user):");
        System.out.println();
        System.out.println("   " + setup);
        System.out.println(RULE);
        System.out.println();
    }

    private String setupLink() {
        SetupLinks.Created link = links.create();
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://localhost:" + port + "/setup?token=" + link.token();
    }

    private void print(String heading, String link) {
        System.out.println();
        System.out.println(RULE);
        System.out.println(heading);
        System.out.println(" (valid for " + human(properties.setupLinkValidity()) + ", once; every start prints a new"
                + " one while there is no user):");
        System.out.println();
        System.out.println("   " + link);
        System.out.println(RULE);
        System.out.println();
    }

    private static String human(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes % 60 == 0 ? minutes / 60 + (minutes == 60 ? " hour" : " hours") : minutes + " minutes";
    }
}
