package io.leadgrade.security;

/**
 * The {@code @PreAuthorize} expressions every endpoint declares, one per kind of access. ADMIN passes all of them
 * through the role hierarchy.
 */
public final class Roles {

    /** Sending leads and activities, grading without storing. */
    public static final String INGEST = "hasRole('INGEST')";
    /** Reading leads, their history, activities and handoffs. */
    public static final String READ_LEADS = "hasAnyRole('SALES','MARKETING_OPS')";
    /** Recording dispositions and moving handoffs. */
    public static final String SALES = "hasRole('SALES')";
    /** Rules, re-grades, the decay run. */
    public static final String MARKETING_OPS = "hasRole('MARKETING_OPS')";
    /** Reading rulesets and their history. */
    public static final String READ_RULES = "hasAnyRole('MARKETING_OPS','SALES')";
    /** Reading territories and reps. */
    public static final String READ_TEAM = "hasAnyRole('SALES','MARKETING_OPS')";
    /** The event outbox: integrations. */
    public static final String EVENTS = "hasAnyRole('INGEST','SALES')";
    /** Anyone signed in or holding a key, whatever the role: who am I. */
    public static final String ANY_ROLE = "hasAnyRole('ADMIN','MARKETING_OPS','SALES','INGEST')";
    /** Territories, reps, keys, users, audit. */
    public static final String ADMIN = "hasRole('ADMIN')";

    private Roles() {}
}
