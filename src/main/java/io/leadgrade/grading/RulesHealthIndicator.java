package io.leadgrade.grading;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Reports the active ruleset in {@code /actuator/health} under "rules". */
@Component("rulesHealthIndicator")
class RulesHealthIndicator implements HealthIndicator {

    private final GradingService grading;

    RulesHealthIndicator(GradingService grading) {
        this.grading = grading;
    }

    @Override
    public Health health() {
        GradingService.RulesetInfo ruleset = grading.activeRuleset();
        return Health.up()
                .withDetail("version", ruleset.version())
                .withDetail("rules", ruleset.rules())
                .withDetail(
                        "lastRejectedVersion",
                        ruleset.lastRejection() == null
                                ? "none"
                                : String.valueOf(ruleset.lastRejection().version()))
                .build();
    }
}
