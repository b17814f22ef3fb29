package io.leadgrade.system;

import io.leadgrade.grading.RulesetGapException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error the API answers is RFC 9457 problem details that a user can act on: which field, what was sent, what
 * is allowed. No stack trace ever leaves the server; unexpected failures carry an incident id that is in the log.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final int SHOWN_VALUE_LENGTH = 100;

    /** One field that was wrong, and what is allowed there. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage(), shown(error.getRejectedValue())));
        }
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(error -> errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage(), null)));
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(name, error.getDefaultMessage(), shown(result.getArgument())));
            }
        });
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestSizeLimitFilter.BodyTooLargeException tooLarge =
                causeOf(ex, RequestSizeLimitFilter.BodyTooLargeException.class);
        if (tooLarge != null) {
            return problem(RequestSizeLimitFilter.tooLarge(tooLarge.maxBytes));
        }
        JacksonException json = causeOf(ex, JacksonException.class);
        if (json == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "The request body is missing or is not JSON.");
            problem.setTitle("Unreadable request body");
            return problem(problem);
        }
        if (json instanceof StreamReadException malformed && !(json instanceof MismatchedInputException)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "The request body is not valid JSON: " + malformed.getOriginalMessage());
            problem.setTitle("Malformed JSON");
            if (malformed.getLocation() != null) {
                problem.setProperty("line", malformed.getLocation().getLineNr());
                problem.setProperty("column", malformed.getLocation().getColumnNr());
            }
            return problem(problem);
        }
        return invalid(List.of(new FieldProblem(pathOf(json), describe(json), valueOf(json))));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            org.springframework.beans.TypeMismatchException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String name =
                ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
        return invalid(List.of(new FieldProblem(name, allowed(ex.getRequiredType()), shown(ex.getValue()))));
    }

    @ExceptionHandler({DuplicateKeyException.class, OptimisticLockingFailureException.class})
    ResponseEntity<Object> conflict(RuntimeException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, "Another request changed the same record at the same moment; send it again.");
        problem.setTitle("Concurrent update");
        return problem(problem);
    }

    /** A role check on the endpoint failed: the caller is authenticated (anonymous calls stop earlier, with 401). */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "Your key or user does not have the role this needs.");
        problem.setTitle("Forbidden");
        return problem(problem);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalidRequest(InvalidRequestException ex) {
        return invalid(ex.problems());
    }

    @ExceptionHandler(RulesetGapException.class)
    ResponseEntity<Object> rulesetGap(RulesetGapException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
        problem.setTitle("The active ruleset cannot grade this lead");
        return problem(problem);
    }

    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<Object> storeUnavailable(DataAccessResourceFailureException ex) {
        log.warn("Store unavailable: {}", ex.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The database cannot be reached; nothing was stored. Try again later.");
        problem.setTitle("Store unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex) {
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected error, incident {}", incident, ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the incident id identifies it in the server log.");
        problem.setTitle("Internal error");
        problem.setProperty("incident", incident);
        return problem(problem);
    }

    private static ResponseEntity<Object> invalid(List<FieldProblem> errors) {
        StringBuilder detail = new StringBuilder("Invalid request: ");
        for (int i = 0; i < errors.size(); i++) {
            FieldProblem error = errors.get(i);
            detail.append(i == 0 ? "" : "; ").append(error.field()).append(' ').append(error.message());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail.toString());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem(problem);
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static String pathOf(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }

    private static String describe(JacksonException json) {
        if (json instanceof UnrecognizedPropertyException unknown) {
            return "is not a known field; allowed fields are " + unknown.getKnownPropertyIds();
        }
        if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return allowed(mismatch.getTargetType());
        }
        return "cannot be read: " + json.getOriginalMessage();
    }

    private static Object valueOf(JacksonException json) {
        return json instanceof InvalidFormatException invalid ? shown(invalid.getValue()) : null;
    }

    private static String allowed(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be a JSON object";
        }
        if (List.class.isAssignableFrom(type)) {
            return "must be a JSON array";
        }
        return "must be a " + type.getSimpleName();
    }

    private static Object shown(Object value) {
        if (value instanceof String text && text.length() > SHOWN_VALUE_LENGTH) {
            return text.substring(0, SHOWN_VALUE_LENGTH) + "... (" + text.length() + " characters)";
        }
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value : null;
    }

    private static <T extends Throwable> T causeOf(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
