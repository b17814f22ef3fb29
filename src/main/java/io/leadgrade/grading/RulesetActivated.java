package io.leadgrade.grading;

/** A new ruleset version grades from now on; gradings already stored keep the version that produced them. */
public record RulesetActivated(String version, String previousVersion) {}
