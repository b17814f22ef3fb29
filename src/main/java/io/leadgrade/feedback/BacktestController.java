package io.leadgrade.feedback;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.RulesetActivation;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.jobs.JobService;
import io.leadgrade.jobs.JobView;
import io.leadgrade.rulesets.RulesetSources;
import io.leadgrade.rulesets.RulesetUploads;
import io.leadgrade.security.Actors;
import io.leadgrade.security.AuditLog;
import io.leadgrade.security.Roles;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /api/rulesets/backtest}: replays a candidate (an upload, as multipart files or a zip, or a stored
 * version with {@code ?version=}) on handed-off leads with outcomes, from {@code from} to {@code to} (UTC days, to
 * exclusive), as a background job. The candidate is compiled and checked first: one that does not compile is
 * refused with 422 before anything runs; one that fails its rule tests is backtested anyway, and the answer lists the
 * failed tests and the static warnings (activation still requires passing tests).
 */
@RestController
@RequestMapping("/api/rulesets")
class BacktestController {

    private final GradingService grading;
    private final RulesetUploads uploads;
    private final RulesetSources sources;
    private final JobService jobs;
    private final MongoTemplate mongo;
    private final AuditLog audit;
    private final Clock clock;

    BacktestController(
            GradingService grading,
            RulesetUploads uploads,
            RulesetSources sources,
            JobService jobs,
            MongoTemplate mongo,
            AuditLog audit,
            Clock clock) {
        this.grading = grading;
        this.uploads = uploads;
        this.sources = sources;
        this.jobs = jobs;
        this.mongo = mongo;
        this.audit = audit;
        this.clock = clock;
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(value = "/backtest", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> backtestParts(
            @RequestPart("files") List<MultipartFile> files,
            @RequestParam(required = false) String base,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (base == null || base.isBlank()) {
            return start(uploads.fromParts(files), "upload", from, to);
        }
        String version = "active".equals(base) ? grading.activeRuleset().version() : base;
        RulesetFiles stored = sources.files(version).orElseThrow(() -> Problems.notFound("ruleset version", base));
        return start(uploads.onTopOf(stored, files), "upload on " + version, from, to);
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(
            value = "/backtest",
            consumes = {"application/zip", "application/x-zip-compressed"})
    ResponseEntity<?> backtestZip(
            HttpServletRequest request,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to)
            throws IOException {
        return start(uploads.fromZip(request.getInputStream()), "upload", from, to);
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/backtest")
    ResponseEntity<?> backtestStored(
            @RequestParam(required = false) String version,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (version == null || version.isBlank()) {
            throw new InvalidRequestException(List.of(new FieldProblem(
                    "version", "name a stored version, or upload the candidate as multipart files or a zip", version)));
        }
        RulesetFiles files = sources.files(version).orElseThrow(() -> Problems.notFound("ruleset version", version));
        return start(files, "stored version", from, to);
    }

    @PreAuthorize(Roles.READ_RULES)
    @GetMapping("/backtests")
    List<Map<String, Object>> backtests() {
        Query query =
                new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(100);
        query.fields().exclude("files").exclude("result");
        return mongo.find(query, BacktestRun.class).stream().map(this::view).toList();
    }

    @PreAuthorize(Roles.READ_RULES)
    @GetMapping("/backtests/{id}")
    Map<String, Object> backtest(@PathVariable String id) {
        Query query = Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id")
                .is(id));
        query.fields().exclude("files");
        BacktestRun run = mongo.findOne(query, BacktestRun.class);
        if (run == null) {
            throw Problems.notFound("backtest", id);
        }
        Map<String, Object> view = view(run);
        view.put("result", run.result());
        return view;
    }

    private Map<String, Object> view(BacktestRun run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("candidateVersion", run.candidateVersion());
        view.put("candidateSource", run.candidateSource());
        view.put("from", run.from());
        view.put("to", run.to());
        view.put("by", run.by());
        view.put("createdAt", run.createdAt());
        view.put("job", run.jobId() == null ? null : JobView.of(jobs.get(run.jobId())));
        return view;
    }

    private ResponseEntity<?> start(RulesetFiles files, String source, LocalDate from, LocalDate to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidRequestException(List.of(new FieldProblem("to", "must be after from", to)));
        }
        RulesetActivation check = grading.validate(files);
        if (!check.problems().isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.UNPROCESSABLE_CONTENT, "The candidate does not compile; nothing was replayed.");
            problem.setTitle("Ruleset rejected");
            problem.setProperty("version", check.version());
            problem.setProperty("problems", check.problems());
            problem.setProperty("failedTests", check.failedTests());
            return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
        }
        // Failing rule tests do not stop a backtest: a change of points fails the tests that pinned the old grades,
        // and trying it must not wait for them to be edited. Activation still requires them to pass.
        String id = new ObjectId().toHexString();
        List<BacktestRun.File> stored = files.files().entrySet().stream()
                .map(entry -> new BacktestRun.File(entry.getKey(), entry.getValue()))
                .toList();
        mongo.insert(new BacktestRun(
                id, files.version(), source, stored, from, to, Actors.current(), clock.instant(), null, null));
        JobView job = JobView.of(jobs.start(BacktestJob.TYPE, Map.of("backtest", id)));
        mongo.updateFirst(
                Query.query(org.springframework.data.mongodb.core.query.Criteria.where("_id")
                        .is(id)),
                new org.springframework.data.mongodb.core.query.Update().set("jobId", job.id()),
                BacktestRun.class);
        audit.record("BACKTEST_STARTED", "ruleset:" + files.version(), Map.of("backtest", id, "job", job.id()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("candidateVersion", files.version());
        body.put("job", job);
        body.put("testsRun", check.testsRun());
        body.put("failedTests", check.failedTests());
        body.put("warnings", check.warnings());
        if (!check.failedTests().isEmpty()) {
            body.put(
                    "note",
                    check.failedTests().size() + " of its " + check.testsRun() + " rule tests fail: backtested anyway;"
                            + " activating it needs them to pass (POST /api/rulesets/accept-results writes its own"
                            + " results into them, for review)");
        }
        return ResponseEntity.accepted()
                .location(URI.create("/api/rulesets/backtests/" + id))
                .body(body);
    }
}
