package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.GradingService;
import io.leadgrade.jobs.JobRequests;
import io.leadgrade.jobs.JobService;
import io.leadgrade.security.Roles;
import jakarta.validation.groups.Default;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmarks' baselines, which exist only with {@code leadgrade.bench.enabled=true}. {@code POST /api/bench/leads}
 * stores the same lead document as {@code POST /api/leads} through the same path, but with a grading computed once
 * instead of by the rules, so the difference between the two is the cost of grading. {@code POST
 * /api/bench/regrade} runs the re-grade job over every stored lead without grading: the same reads and writes as a
 * re-grade that changes every lead.
 */
@RestController
@ConditionalOnProperty("leadgrade.bench.enabled")
class BareLeadEndpoint {

    private final LeadService leads;
    private final GradingService grading;
    private final JobService jobs;
    private final Grading fixed;

    BareLeadEndpoint(LeadService leads, GradingService grading, JobService jobs) {
        this.leads = leads;
        this.grading = grading;
        this.jobs = jobs;
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

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/api/bench/regrade")
    ResponseEntity<?> bareRegrade() {
        return JobRequests.startUnlessRunning(
                jobs,
                RegradeJob.TYPE,
                Map.of("version", grading.activeRuleset().version(), "bare", "true"),
                "A re-grade",
                job -> {});
    }
}
