package io.leadgrade.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A second process on the same data folder ends with one line that says what to do, not H2's stack trace. */
class StoreFolderInUseFailureAnalyzer extends AbstractFailureAnalyzer<StoreFolderInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreFolderInUseException cause) {
        return new FailureAnalysis(
                cause.getMessage(), "Stop the other process first, or follow the line above.", cause);
    }
}
