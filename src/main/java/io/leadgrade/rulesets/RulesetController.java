package io.leadgrade.rulesets;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.RulesetActivation;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.security.Roles;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
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

@RestController
@RequestMapping("/api/rulesets")
class RulesetController {

    private final GradingService grading;
    private final RulesetVersions versions;
    private final RulesetUploads uploads;

    RulesetController(GradingService grading, RulesetVersions versions, RulesetUploads uploads) {
        this.grading = grading;
        this.versions = versions;
        this.uploads = uploads;
    }

    /**
     * Checks an uploaded candidate (multipart parts named by their path in the rules folder, or one zip) without
     * activating it: compile problems, sandbox violations, static-check warnings and rule-test results.
     */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(value = "/validate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> validateParts(
            @RequestPart("files") List<MultipartFile> files, @RequestParam(required = false) String base) {
        return answer(grading.validate(candidate(files, base)));
    }

    /** Checks a stored version again: its rule tests and static-check warnings, as the rules page shows them. */
    @PreAuthorize(Roles.READ_RULES)
    @PostMapping("/{version}/validate")
    ResponseEntity<?> validateStored(@PathVariable String version) {
        return answer(grading.validate(versions.get(resolve(version)).toFiles()));
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(
            value = "/validate",
            consumes = {"application/zip", "application/x-zip-compressed"})
    ResponseEntity<?> validateZip(HttpServletRequest request) throws IOException {
        return answer(grading.validate(uploads.fromZip(request.getInputStream())));
    }

    /**
     * "Accept these results as the expected ones": the candidate (multipart parts, with {@code base} on top of a
     * stored version, or a zip) with its own results written into its failing rule tests. Nothing is stored or
     * activated: the answer has the rewritten test files to review, what changed case by case, and the check of the
     * candidate before and after. Uploading the answer's files with the candidate activates it as any upload.
     */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(value = "/accept-results", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> acceptResultsParts(
            @RequestPart("files") List<MultipartFile> files, @RequestParam(required = false) String base) {
        RulesetFiles candidate = candidate(files, base);
        return accepted(candidate, grading.acceptResults(candidate));
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(
            value = "/accept-results",
            consumes = {"application/zip", "application/x-zip-compressed"})
    ResponseEntity<?> acceptResultsZip(HttpServletRequest request) throws IOException {
        RulesetFiles candidate = uploads.fromZip(request.getInputStream());
        return accepted(candidate, grading.acceptResults(candidate));
    }

    /** The answer names only the test files that changed, with their new text. */
    private static ResponseEntity<?> accepted(RulesetFiles candidate, GradingService.AcceptedResults results) {
        if (results.files() == null) {
            return answer(results.before());
        }
        Map<String, String> changed = new java.util.TreeMap<>();
        results.files().files().forEach((path, content) -> {
            if (!java.util.Arrays.equals(content, candidate.files().get(path))) {
                changed.put(path, new String(content, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("version", results.after().version());
        body.put("accepted", results.accepted());
        body.put("skipped", results.skipped());
        body.put("testFiles", changed);
        body.put("before", results.before());
        body.put("after", results.after());
        return ResponseEntity.ok(body);
    }

    /** Uploads a candidate and activates it on every instance if it passes, like an edit of the rules folder. */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<?> uploadParts(
            @RequestPart("files") List<MultipartFile> files,
            @RequestParam(required = false) String base,
            HttpServletRequest request) {
        return answer(versions.activateUploaded(candidate(files, base), actor(request)));
    }

    /**
     * The uploaded files as a whole ruleset, or with {@code base} (a stored version, or "active") the files of that
     * version with the uploaded ones replacing or adding files of the same path.
     */
    private RulesetFiles candidate(List<MultipartFile> files, String base) {
        if (base == null || base.isBlank()) {
            return uploads.fromParts(files);
        }
        return uploads.onTopOf(versions.get(resolve(base)).toFiles(), files);
    }

    /** "active" names the version grading now; any other text is a stored version. */
    private String resolve(String version) {
        return "active".equals(version) ? grading.activeRuleset().version() : version;
    }

    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping(consumes = {"application/zip", "application/x-zip-compressed"})
    ResponseEntity<?> uploadZip(HttpServletRequest request) throws IOException {
        return answer(versions.activateUploaded(uploads.fromZip(request.getInputStream()), actor(request)));
    }

    /** Every stored version, newest first, with what it changed; files are left out (see the version itself). */
    @PreAuthorize(Roles.READ_RULES)
    @GetMapping
    List<RulesetVersionSummary> list() {
        String active = grading.activeRuleset().version();
        return versions.list().stream()
                .map(version -> RulesetVersionSummary.of(version, active))
                .toList();
    }

    /** One stored version: its files and the diff against the version before it (or {@code against}). */
    @PreAuthorize(Roles.READ_RULES)
    @GetMapping("/{version}")
    RulesetVersionDetail get(@PathVariable String version, @RequestParam(required = false) String against) {
        RulesetVersion stored = versions.get(resolve(version));
        String base = against != null ? against : stored.previousVersion();
        Map<String, byte[]> before =
                base == null ? Map.of() : versions.get(base).toFiles().files();
        return RulesetVersionDetail.of(
                stored,
                grading.activeRuleset().version(),
                base,
                RulesetDiff.between(before, stored.toFiles().files()));
    }

    /** Activates a stored version on every instance (rollback or roll forward), after its rule tests pass again. */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/{version}/activate")
    ResponseEntity<?> activate(@PathVariable String version, HttpServletRequest request) {
        return answer(versions.activateStored(version, actor(request)));
    }

    /** The active version, its size, and the last candidate rejected since it became active. */
    @PreAuthorize(Roles.READ_RULES)
    @GetMapping("/active")
    GradingService.RulesetInfo active() {
        return grading.activeRuleset();
    }

    /**
     * Reads the rules folder now: compiles it, runs its rule tests and activates it if they pass. A rejected
     * candidate answers 422 with every problem (file, line, column) and failed test; the active version is unchanged.
     */
    @PreAuthorize(Roles.MARKETING_OPS)
    @PostMapping("/reload")
    ResponseEntity<?> reload(HttpServletRequest request) {
        return answer(versions.reloadFolder(actor(request)));
    }

    /** The authenticated user or API key behind the request. */
    private static String actor(HttpServletRequest request) {
        return request.getUserPrincipal() == null
                ? "anonymous"
                : request.getUserPrincipal().getName();
    }

    private static ResponseEntity<?> answer(RulesetActivation activation) {
        if (!activation.rejected()) {
            return ResponseEntity.ok(activation);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "The candidate was not activated; version " + activation.activeVersion() + " keeps grading.");
        problem.setTitle("Ruleset rejected");
        problem.setProperty("version", activation.version());
        problem.setProperty("activeVersion", activation.activeVersion());
        problem.setProperty("problems", activation.problems());
        problem.setProperty("failedTests", activation.failedTests());
        problem.setProperty("warnings", activation.warnings());
        return ResponseEntity.unprocessableContent().body(problem);
    }
}
