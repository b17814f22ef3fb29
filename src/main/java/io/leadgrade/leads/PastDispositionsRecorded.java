package io.leadgrade.leads;

import java.util.List;

/**
 * A batch of dispositions from another system's history (an import): the handoff module closes their handoffs and
 * the leads module records them on their leads, each in one write for the whole batch.
 */
public record PastDispositionsRecorded(List<DispositionRecorded> dispositions) {}
