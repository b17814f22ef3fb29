/** Grades leads with the active Drools ruleset: fit letter, engagement digit, grade, tier, MQL and why. */
@org.springframework.modulith.ApplicationModule(displayName = "Grading")
package io.leadgrade.grading;
