package io.leadgrade.leads;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No lead has the id or external id asked for; answered as 404 problem details. */
public class LeadNotFoundException extends ErrorResponseException {

    public LeadNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No lead has the id or external id '" + id + "'.");
        problem.setTitle("Lead not found");
        problem.setProperty("id", id);
        return problem;
    }
}
