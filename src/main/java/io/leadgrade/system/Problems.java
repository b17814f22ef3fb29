package io.leadgrade.system;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Problem-details exceptions for the common cases, so every module answers them alike. */
public final class Problems {

    private Problems() {}

    /** 404: no {@code what} has this id. */
    public static ErrorResponseException notFound(String what, String id) {
        return problem(
                HttpStatus.NOT_FOUND,
                what + " not found",
                "No " + what + " has the id '" + id + "'.",
                Map.of("id", id));
    }

    /** 409: the request conflicts with the state of what it names; {@code detail} says why. */
    public static ErrorResponseException conflict(String title, String detail, Map<String, Object> properties) {
        return problem(HttpStatus.CONFLICT, title, detail, properties);
    }

    private static ErrorResponseException problem(
            HttpStatus status, String title, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        properties.forEach(problem::setProperty);
        return new ErrorResponseException(status, problem, null);
    }
}
