package io.leadgrade.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A wrong initial admin key stops the start at binding, naming the property and the form a key has. */
class SecurityPropertiesTests {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bound.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SecurityProperties.class)
    static class Bound {}

    @Test
    void aKeyOfTheWrongFormIsRefusedWithThePropertyAndTheFormItMustHave() {
        contexts.withPropertyValues("leadgrade.security.initial-admin-key=benchkey-0123")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("leadgrade.security.initial-admin-key")
                            .hasMessageContaining("lg_<12 hex digits>_<43 base64url characters>");
                });
    }

    @Test
    void aKeyOfTheRightFormAndNoKeyAreAccepted() {
        contexts.withPropertyValues("leadgrade.security.initial-admin-key=lg_0123456789ab_" + "a".repeat(43))
                .run(context -> assertThat(context).hasNotFailed());
        contexts.run(context -> assertThat(context).hasNotFailed());
    }
}
