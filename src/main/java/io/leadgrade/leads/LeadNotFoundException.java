package io.leadgrade.leads;

import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No lead has the id or external id asked for (at the moment asked for); answered as 404 problem details. */
public class LeadNotFoundException extends ErrorResponseException {

    public LeadNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id, "No lead has the id or external id '" + id + "'."), null);
    }

    LeadNotFoundException(String id, Instant asOf) {
        super(HttpStatus.NOT_FOUND, problem(id, "Lead '" + id + "' had not been graded yet at " + asOf + "."), null);
    }

    private static ProblemDetail problem(String id, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Lead not found");
        problem.setProperty("id", id);
        return problem;
    }
}
