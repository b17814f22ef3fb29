package io.leadgrade.rulesets;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An uploaded ruleset that cannot be accepted as files: answered as 400 (or 413) problem details. */
class UploadRejectedException extends ErrorResponseException {

    UploadRejectedException(HttpStatus status, String entry, String detail) {
        super(status, problem(status, entry, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String entry, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Ruleset upload rejected");
        if (entry != null) {
            problem.setProperty("entry", entry);
        }
        return problem;
    }
}
