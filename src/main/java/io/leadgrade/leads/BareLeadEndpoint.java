package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.security.Roles;
import jakarta.validation.groups.Default;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The latency benchmark's baseline: {@code POST /api/bench/leads} stores the same lead document as
 * {@code POST /api/leads} through the same path, but with a grading computed once instead of by the rules, so the
 * difference between the two is the cost of grading. Exists only with {@code leadgrade.bench.enabled=true}.
 */
@RestController
@ConditionalOnProperty("leadgrade.bench.enabled")
class BareLeadEndpoint {

    private final LeadService leads;
    private final Grading fixed;

    BareLeadEndpoint(LeadService leads, GradingService grading) {
        this.leads = leads;
        LeadRequest sample = new LeadRequest(
                "sample",
                "ann@acme.com",
                null,
                null,
                "VP Marketing",
                null,
                500,
                "Software",
                "US",
                null,
                null,
                null,
                new LeadRequest.Counts(2, 6, 1, 1, 0));
        this.fixed = grading.grade(sample.toLeadData());
    }

    @PreAuthorize(Roles.INGEST)
    @PostMapping("/api/bench/leads")
    LeadView store(@RequestBody @Validated({Default.class, LeadRequest.Stored.class}) LeadRequest request) {
        return LeadView.of(leads.upsert(request, lead -> fixed));
    }
}
