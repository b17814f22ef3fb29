package io.leadgrade.jobs;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

class JobNotFoundException extends ErrorResponseException {

    JobNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No job has the id '" + id + "'.");
        problem.setTitle("Job not found");
        problem.setProperty("id", id);
        return problem;
    }
}
