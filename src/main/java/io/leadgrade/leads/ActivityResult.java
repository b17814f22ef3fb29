package io.leadgrade.leads;

import java.util.List;

/**
 * What recording events did to one lead.
 *
 * @param recorded events counted for the first time
 * @param duplicates ids of events that had been counted before and were ignored
 * @param previousGrade the lead's primary grade before
 * @param lead the lead after, with its grade
 */
public record ActivityResult(int recorded, List<String> duplicates, String previousGrade, LeadView lead) {}
