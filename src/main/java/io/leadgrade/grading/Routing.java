package io.leadgrade.grading;

/**
 * Where the routing rules send a lead.
 *
 * @param territory the territory's id, or null when no rule matched (the lead goes to the fallback queue)
 * @param rule the rule that decided
 * @param region the region routing derived from the lead's country (AMER, EMEA, APAC), or UNKNOWN
 * @param segment the company-size segment routing derived (SMB, MID, ENT), or UNKNOWN
 */
public record Routing(String territory, String rule, String region, String segment) {}
