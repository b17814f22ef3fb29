package io.leadgrade.dispositions;

/** What recording a disposition code sets off. */
public enum DispositionAction {
    /** Nothing beyond recording it. */
    NONE,
    /** The lead converted to a sales-qualified opportunity (SQO): the conversion reports count. */
    CONVERT,
    /** Back to nurture: engagement counts afresh, no new handoff before the cool-down ends. */
    RECYCLE,
    /** The lead's data is wrong: marked for repair. */
    DATA_REPAIR,
    /** The lead duplicates another: linked to the survivor named in {@code duplicateOf}. */
    DUPLICATE
}
