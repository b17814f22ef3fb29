package io.leadgrade.system;

/**
 * One thing wrong with a request, as listed under {@code errors} in a 400 problem.
 *
 * @param field where it is, e.g. "activities[3].type"
 * @param message what is wrong and what is allowed
 * @param rejectedValue the value sent, when it is short enough to show
 */
public record FieldProblem(String field, String message, Object rejectedValue) {}
