package io.leadgrade.grading;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start without a rules folder (the jar started from another folder than the one holding {@code rules/}) ends with
 * the folder looked for and the property to set, not Spring's stack trace through the grading service's constructor.
 */
class RulesFolderFailureAnalyzer extends AbstractFailureAnalyzer<RulesFolderNotFoundException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RulesFolderNotFoundException cause) {
        return new FailureAnalysis(
                "The rules folder " + cause.folder() + " does not exist (leadgrade.rules.path, default rules, is read"
                        + " relative to the folder LeadGrade starts in).",
                "Start LeadGrade in the folder that holds rules/ (the repository's root), or point it at a folder of"
                        + " DRL files and decision tables: --leadgrade.rules.path=/path/to/rules.",
                cause);
    }
}
