package io.leadgrade.handoff;

import io.leadgrade.support.TestClock;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** The handoff checks against the embedded store. */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"leadgrade.rules.watch.enabled=false", "leadgrade.handoff.reassign-after=48h"})
@Import(TestClock.class)
@DirtiesContext
class HandoffIntegrationTests extends HandoffChecks {}
