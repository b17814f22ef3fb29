package io.leadgrade.leads;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;

/**
 * A lead of an imported history as stored, with the grading it had when it was handed off (what its handoff
 * records), the input of that grading, and the outcome the source recorded (what the handoff and the disposition
 * are recorded from).
 *
 * @param created whether this import created the lead
 * @param changed whether this import created or changed it
 */
public record PastLeadRecorded(
        Lead lead, Grading atHandoff, LeadData inputAtHandoff, boolean created, boolean changed, PastOutcome outcome) {}
