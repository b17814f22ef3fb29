package io.leadgrade.leads;

import io.leadgrade.support.TestClock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The engagement checks against the embedded store. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"leadgrade.rules.watch.enabled=false", "leadgrade.engagement.decay-cron=-"})
@Import(TestClock.class)
@DirtiesContext
class EngagementIntegrationTests extends EngagementChecks {}
