package io.leadgrade.store;

/**
 * The embedded store's folder cannot be opened by this process, for a reason its owner can act on: the start ends
 * with the message and the action as one block ({@link StoreFolderFailureAnalyzer}), not a stack trace.
 */
public abstract class StoreFolderException extends RuntimeException {

    StoreFolderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What to do about it, one sentence. */
    abstract String action();
}
