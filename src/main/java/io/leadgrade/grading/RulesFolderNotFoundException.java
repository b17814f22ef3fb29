package io.leadgrade.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The rules folder ({@code leadgrade.rules.path}) is not a folder: at start, a message that says what to set. */
public class RulesFolderNotFoundException extends UncheckedIOException {

    private final Path folder;

    RulesFolderNotFoundException(Path folder) {
        super(new IOException("rules folder " + folder.toAbsolutePath() + " not found"));
        this.folder = folder.toAbsolutePath();
    }

    /** The folder looked for, absolute. */
    public Path folder() {
        return folder;
    }

    @Override
    public String getMessage() {
        return getCause().getMessage();
    }
}
