package io.leadgrade.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lease how long a job stays with its instance without a checkpoint before another instance takes it over
 * @param threads how many jobs one instance runs at once
 */
@ConfigurationProperties("leadgrade.jobs")
record JobsProperties(
        @DefaultValue("30s") Duration lease,
        @DefaultValue("1") int threads) {}
