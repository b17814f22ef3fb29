package io.leadgrade.rulesets;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No stored ruleset has the version asked for; answered as 404 problem details. */
class RulesetNotFoundException extends ErrorResponseException {

    RulesetNotFoundException(String version) {
        super(HttpStatus.NOT_FOUND, problem(version), null);
    }

    private static ProblemDetail problem(String version) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND,
                "No stored ruleset has the version '" + version + "'; GET /api/rulesets lists them.");
        problem.setTitle("Ruleset version not found");
        problem.setProperty("version", version);
        return problem;
    }
}
