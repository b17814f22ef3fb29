package io.leadgrade.leads;

import io.leadgrade.grading.Tier;

/** Filters of the lead list; null means "any". */
public record LeadFilter(String grade, Tier tier, Boolean mql, String territory, String productLine, String source) {}
