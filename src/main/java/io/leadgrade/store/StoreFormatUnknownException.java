package io.leadgrade.store;

import java.nio.file.Path;

/**
 * The store file names a format this version does not know: a newer LeadGrade wrote it. Nothing is read or
 * converted; the file stays as it is.
 */
public final class StoreFormatUnknownException extends StoreFolderException {

    private final String format;

    StoreFormatUnknownException(Path file, String format) {
        super(
                "The embedded store " + file.toAbsolutePath().normalize() + " is in format '" + format
                        + "', which this version of LeadGrade cannot read (it reads " + StoreFileConversion.BSON_FORMAT
                        + " and converts the formats before it); a newer version wrote it.",
                null);
        this.format = format;
    }

    /** The format the file names. */
    public String format() {
        return format;
    }

    @Override
    String action() {
        return "Run the LeadGrade version that wrote this folder, or give this one its own"
                + " --leadgrade.store.embedded.path.";
    }
}
