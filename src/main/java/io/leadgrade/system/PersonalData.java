package io.leadgrade.system;

import java.util.List;
import java.util.Map;

/**
 * A module that keeps personal data about leads. Privacy requests ask every such module to export what it holds
 * about some leads, or to erase it, keeping what is anonymous (counts, grades, outcomes) for the reports.
 */
public interface PersonalData {

    /** What this module holds about the leads, by collection name. */
    Map<String, List<?>> export(List<String> leadIds);

    /** Removes the personal fields of what this module holds about the leads; answers the documents changed. */
    long erase(List<String> leadIds);
}
