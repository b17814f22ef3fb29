package io.leadgrade.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A data folder this process cannot open (another process holds it, a newer version wrote it) ends the start with one
 * line that says what to do, not H2's stack trace.
 */
class StoreFolderFailureAnalyzer extends AbstractFailureAnalyzer<StoreFolderException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreFolderException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
