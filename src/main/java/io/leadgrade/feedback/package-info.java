/**
 * Feedback: compares what sales did with handed-off leads to the grades and to the rules that fired for them, flags
 * rules and grades that mislead (with tests, minimum samples and false-discovery control), backtests a ruleset
 * change on past outcomes before it goes live, and turns conversion changes into money against agreed targets.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Feedback")
package io.leadgrade.feedback;
