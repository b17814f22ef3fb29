package io.leadgrade.system;

import java.util.List;

/**
 * A request that is well-formed but not acceptable, found by a check beyond bean validation; answered as a 400
 * problem listing every field at fault, like a validation failure.
 */
public class InvalidRequestException extends RuntimeException {

    private final transient List<FieldProblem> problems;

    public InvalidRequestException(List<FieldProblem> problems) {
        super(problems.toString());
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
