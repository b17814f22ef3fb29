package io.leadgrade.store;

import java.nio.file.Path;

/** The embedded store's folder is held by another process: one H2 file, one process. */
public final class StoreFolderInUseException extends StoreFolderException {

    private final transient Path folder;
    private final String ownerUri;

    StoreFolderInUseException(Path folder, String ownerUri, Throwable cause) {
        super(line(folder, ownerUri), cause);
        this.folder = folder;
        this.ownerUri = ownerUri;
    }

    @Override
    String action() {
        return "Stop the other process first, or follow the line above.";
    }

    public Path folder() {
        return folder;
    }

    /** The store URI the process that holds the folder wrote at its start, or null when it is not known. */
    public String ownerUri() {
        return ownerUri;
    }

    /** One line: the folder, and the two ways to run a second instance. */
    static String line(Path folder, String ownerUri) {
        String store = ownerUri != null ? ownerUri : "mongodb://127.0.0.1:<port in its start-up log>/leadgrade";
        return "The data folder " + folder.toAbsolutePath().normalize()
                + " is in use by another LeadGrade process; to run a second instance, connect it to the first one's"
                + " store with --spring.mongodb.uri=" + store
                + ", or run both on MongoDB (MONGODB_URI), or give it its own --leadgrade.store.embedded.path.";
    }
}
