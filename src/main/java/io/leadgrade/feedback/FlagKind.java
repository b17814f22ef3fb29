package io.leadgrade.feedback;

/** What a flag says is wrong, and what a reader should think about. */
public enum FlagKind {
    /** A lower grade converts significantly better than a grade above it. */
    CALIBRATION_INVERSION(
            "grade", "a lower grade converts better than a higher one: the thresholds or points between them mislead"),
    /** An MQL grade converts significantly below the agreed MQL-to-SQO target. */
    MQL_BELOW_TARGET("grade", "an MQL grade converts below the agreed target: consider taking it out of the MQL set"),
    /** A grade that is not an MQL converts significantly above the MQL average. */
    NON_MQL_ABOVE_MQL(
            "grade", "a grade that is not handed off converts better than MQLs do: consider making it an MQL"),
    /** A rule adds points, but the leads it fired for convert significantly worse than its points promise. */
    OVER_WEIGHTED("rule", "the rule adds more points than its leads' conversions support: lower its points"),
    /** A rule adds points, but the leads it fired for convert significantly better than its points promise. */
    UNDER_WEIGHTED(
            "rule", "the rule is worth more than its points: its leads convert better than their grades promise"),
    /** A rule removes points, but the leads it fired for convert significantly better than that. */
    PENALTY_TOO_STRONG(
            "rule",
            "the rule removes more points than its leads deserve: they convert better than their grades promise"),
    /** A rule removes points, but the leads it fired for convert significantly worse still. */
    PENALTY_TOO_WEAK("rule", "the penalty is too weak: its leads convert worse than their grades promise"),
    /**
     * The name of {@link #PENALTY_TOO_STRONG} before rules were judged both ways; kept so flags stored then still
     * read. Never raised now.
     */
    @Deprecated
    PENALISES_GOOD_LEADS(
            "rule", "the rule removes points but its leads convert better than their grades promise: soften it"),
    /** Its leads end as WRONG_ROLE far more often: a fit rule on title or role that is too generous. */
    EXCESS_WRONG_ROLE("rule", "its leads are often the wrong role: check the titles or roles the rule accepts"),
    /** Its leads end as UNABLE_TO_CONNECT far more often: contact data it rewards is poor. */
    EXCESS_UNABLE_TO_CONNECT("rule", "sales often cannot reach its leads: the contact data it rewards is poor"),
    /** Its leads end as BAD_DATA far more often: a data-quality problem behind the rule. */
    EXCESS_BAD_DATA("rule", "its leads often have bad data: check the source of the data the rule reads"),
    /** Its leads end as EARLY_STAGE far more often: the engagement it rewards comes too early. */
    EXCESS_EARLY_STAGE("rule", "its leads are often too early: the engagement threshold it feeds is too low"),
    /** Its leads end as NO_INTEREST far more often: the interest it reads is weak. */
    EXCESS_NO_INTEREST("rule", "its leads often have no interest: the signal it reads is weak");

    private final String subject;
    private final String meaning;

    FlagKind(String subject, String meaning) {
        this.subject = subject;
        this.meaning = meaning;
    }

    /** "grade" or "rule". */
    public String subject() {
        return subject;
    }

    public String meaning() {
        return meaning;
    }

    /** The disposition code an EXCESS_ kind is about, null for the others. */
    String code() {
        return name().startsWith("EXCESS_") ? name().substring("EXCESS_".length()) : null;
    }

    static FlagKind excess(String code) {
        return valueOf("EXCESS_" + code);
    }
}
