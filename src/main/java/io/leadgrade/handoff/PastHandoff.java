package io.leadgrade.handoff;

import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.leads.Lead;
import java.time.Instant;

/**
 * A handoff another system made (an import of history): the stored lead, the grading it had then and the input of
 * that grading, when the lead was handed off and to which rep (null when the source names none).
 */
public record PastHandoff(Lead lead, Grading grading, LeadData input, Instant handedOffAt, String repId) {}
