package io.leadgrade.security;

/** What a key or user may do. ADMIN may do everything the others may. */
public enum Role {
    /** Systems that send leads and activities, and integrations that read the event outbox. */
    INGEST,
    /** Sales: read leads and handoffs, record dispositions, move handoffs, read reports. */
    SALES,
    /** Marketing ops: rules (validate, upload, activate, roll back), re-grades, the decay run, reading leads. */
    MARKETING_OPS,
    /** Territories, reps, API keys, users, the audit log; and everything above. */
    ADMIN
}
