package io.leadgrade.feedback;

import io.leadgrade.jobs.JobRequests;
import io.leadgrade.jobs.JobService;
import io.leadgrade.security.Actors;
import io.leadgrade.security.AuditLog;
import io.leadgrade.security.Roles;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Flags on rules and grades, the rule table behind them, agreed targets, and conversion changes in money. */
@RestController
@RequestMapping("/api/feedback")
class FeedbackController {

    private final FeedbackService feedback;
    private final TargetService targets;
    private final JobService jobs;
    private final AuditLog audit;

    FeedbackController(FeedbackService feedback, TargetService targets, JobService jobs, AuditLog audit) {
        this.feedback = feedback;
        this.targets = targets;
        this.jobs = jobs;
        this.audit = audit;
    }

    /** Flags, current first and strongest first; filter by status and by whether the last refresh found them. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/flags")
    List<FeedbackFlag> flags(
            @RequestParam(required = false) FeedbackFlag.Status status,
            @RequestParam(required = false) Boolean current) {
        return feedback.flags(status, current);
    }

    record FlagUpdate(FeedbackFlag.Status status, String resolvedByVersion, String note) {}

    /** Acknowledge a flag, resolve it with the ruleset version that fixed it, or open it again. */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PutMapping("/flags/{id}")
    FeedbackFlag update(@PathVariable String id, @RequestBody FlagUpdate update) {
        FeedbackFlag flag =
                feedback.update(id, update.status(), update.resolvedByVersion(), update.note(), Actors.current());
        audit.record(
                "FLAG_" + flag.status(),
                "flag:" + id,
                Map.of("subject", flag.subject(), "kind", flag.kind().name()));
        return flag;
    }

    /** The rule table of the last refresh: every rule with points, flagged or not. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/rules")
    ResponseEntity<?> rules() {
        FeedbackService.Refresh refresh = feedback.lastRefresh();
        if (refresh == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "No refresh has run yet; start one with POST /api/feedback/refresh.");
            problem.setTitle("No feedback yet");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
        return ResponseEntity.ok(refresh);
    }

    /** Recomputes the flags in a background job; 202 with the job, 409 while one runs. */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/refresh")
    ResponseEntity<?> refresh() {
        return JobRequests.startUnlessRunning(
                jobs, FeedbackRefreshJob.TYPE, Map.of("reason", "requested"), "A feedback refresh", job -> {});
    }

    /**
     * The tuned candidate from the stored history, validated out of sample (5 folds), with MQL volume held within
     * {@code band} of the active ruleset's; says whether it is offered and why (not). Computed on request.
     */
    @PreAuthorize(Roles.MARKETING_OPS)
    @GetMapping("/candidate")
    FeedbackService.CandidateProposal candidate(@RequestParam(defaultValue = "0.1") double band) {
        return feedback.candidate(band);
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/targets")
    List<Target> targets() {
        return targets.list();
    }

    /** Records an agreed target (sales ops and marketing ops agree it; either may record it). */
    @PreAuthorize("hasAnyRole('SALES','MARKETING_OPS')")
    @PutMapping("/targets/{id}")
    Target putTarget(@PathVariable String id, @Valid @RequestBody TargetRequest request) {
        Target target = targets.put(id, request, Actors.current());
        audit.record("TARGET_AGREED", "target:" + id, Map.of("mqlToSqo", target.mqlToSqo()));
        return target;
    }

    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/targets/{id}")
    Target target(@PathVariable String id) {
        return targets.get(id);
    }

    @PreAuthorize("hasAnyRole('SALES','MARKETING_OPS')")
    @DeleteMapping("/targets/{id}")
    ResponseEntity<Void> deleteTarget(@PathVariable String id) {
        targets.delete(id);
        audit.record("TARGET_DELETED", "target:" + id, Map.of());
        return ResponseEntity.noContent().build();
    }

    /** Baseline, current and target conversion, and what the differences are worth. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/targets/{id}/report")
    TargetService.TargetReport targetReport(@PathVariable String id) {
        return targets.report(id);
    }

    /** What a conversion change is worth on a volume of MQLs, e.g. from=0.03&to=0.09&volume=1000. */
    @PreAuthorize(Roles.READ_LEADS)
    @GetMapping("/money")
    Money money(@RequestParam long volume, @RequestParam double from, @RequestParam double to) {
        return targets.money(volume, from, to);
    }
}
