package io.leadgrade.rulesets;

import io.leadgrade.grading.GradingService;
import io.leadgrade.grading.RulesetActivation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/rulesets")
class RulesetController {

    private final GradingService grading;

    RulesetController(GradingService grading) {
        this.grading = grading;
    }

    /** The active version, its size, and the last candidate rejected since it became active. */
    @GetMapping("/active")
    GradingService.RulesetInfo active() {
        return grading.activeRuleset();
    }

    /**
     * Reads the rules folder now: compiles it, runs its rule tests and activates it if they pass. A rejected
     * candidate answers 422 with every problem (file, line, column) and failed test; the active version is unchanged.
     */
    @PostMapping("/reload")
    ResponseEntity<?> reload() {
        RulesetActivation activation = grading.reload();
        if (!activation.rejected()) {
            return ResponseEntity.ok(activation);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "The rules folder was not activated; version " + activation.activeVersion() + " keeps grading.");
        problem.setTitle("Ruleset rejected");
        problem.setProperty("version", activation.version());
        problem.setProperty("activeVersion", activation.activeVersion());
        problem.setProperty("problems", activation.problems());
        problem.setProperty("failedTests", activation.failedTests());
        return ResponseEntity.unprocessableContent().body(problem);
    }
}
