package io.leadgrade.leads;

import java.time.Instant;

/**
 * Sales gave the lead's handoff a disposition (live, or from an imported history). The handoff module closes the
 * handoff, the leads module records the code on the lead.
 *
 * @param recycles whether the code sends the lead back to nurture (the handoff is then RECYCLED, not DISPOSITIONED)
 * @param needsDataRepair whether the code says the lead's data needs repair
 * @param duplicateOf the lead this one duplicates, or null
 * @param detail what the handoff's history says of it (the code and the rep's note)
 */
public record DispositionRecorded(
        String leadId,
        String handoffId,
        String code,
        boolean recycles,
        boolean needsDataRepair,
        String duplicateOf,
        String detail,
        Instant at) {}
