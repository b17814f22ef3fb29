package io.leadgrade.rulesets;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether edits to the rules folder are picked up without a restart
 * @param quietPeriod how long the folder must stay unchanged before a reload, so an editor's save (often several
 *     writes) is read once and whole
 */
@ConfigurationProperties("leadgrade.rules.watch")
record WatchProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("300ms") Duration quietPeriod) {}
