package io.leadgrade.leads;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The lead API against the embedded store, over real HTTP and MongoDB-wire connections. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LeadApiIntegrationTests extends LeadApiChecks {}
