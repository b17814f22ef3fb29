package io.leadgrade.leads;

import io.leadgrade.grading.GradingService;
import io.leadgrade.jobs.JobRequests;
import io.leadgrade.jobs.JobService;
import io.leadgrade.security.AuditLog;
import io.leadgrade.security.Roles;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Re-grading is explicit: activating a ruleset never changes stored grades until someone asks for it here. */
@RestController
class RegradeController {

    private final GradingService grading;
    private final JobService jobs;
    private final AuditLog audit;

    RegradeController(GradingService grading, JobService jobs, AuditLog audit) {
        this.grading = grading;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** Starts re-grading every stored lead with this version, which must be the active one; 202 with the job. */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/api/rulesets/{version}/regrade")
    ResponseEntity<?> regrade(@PathVariable String version) {
        String active = grading.activeRuleset().version();
        if (!active.equals(version)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT,
                    "Version " + version
                            + " is not the active ruleset (" + active + "); activate it first with POST /api/rulesets/"
                            + version + "/activate.");
            problem.setTitle("Only the active ruleset re-grades");
            problem.setProperty("activeVersion", active);
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        return JobRequests.startUnlessRunning(
                jobs,
                RegradeJob.TYPE,
                Map.of("version", version),
                "A re-grade",
                job -> audit.record("REGRADE_STARTED", "ruleset:" + version, Map.of("job", job.id())));
    }
}
