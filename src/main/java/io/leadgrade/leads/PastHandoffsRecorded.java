package io.leadgrade.leads;

import java.util.List;

/** A batch of handoffs from another system's history (an import), recorded on their leads in one write. */
public record PastHandoffsRecorded(List<LeadHandedOff> handoffs) {}
