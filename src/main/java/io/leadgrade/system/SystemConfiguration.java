package io.leadgrade.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.dao.DataAccessResourceFailureException;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SystemConfiguration.class);

    /** Time comes from one clock, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Scheduled tasks (following the active ruleset, job takeover, the SLA check, the decay run) meet a store
     * outage every few seconds while it lasts: one line each, not a stack trace; they pick up when it returns.
     */
    @Bean
    ThreadPoolTaskSchedulerCustomizer outageTolerantScheduler() {
        return scheduler -> scheduler.setErrorHandler(error -> {
            if (error instanceof DataAccessResourceFailureException) {
                log.warn("Scheduled task skipped, the store is unavailable: {}", error.getMessage());
            } else {
                log.error("Scheduled task failed", error);
            }
        });
    }

    @Bean
    OpenAPI leadGradeOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("LeadGrade API")
                        .description("Grade leads A1..D4 with Drools rules, store them, explain every grade.")
                        .license(new License().name("Apache-2.0")));
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ApiProperties properties, JsonMapper json) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(
                        properties.maxBodySize().toBytes(),
                        properties.maxUploadSize().toBytes(),
                        properties.maxImportSize().toBytes(),
                        json));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
