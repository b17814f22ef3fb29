package io.leadgrade.store;

import io.leadgrade.store.DurableH2Backend.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows which format a store file has and converts a file of an earlier format on the first start that finds one:
 * Java-serialised documents (before the BSON format) or BSON documents with Java-serialised keys ({@code bson-1}).
 * Every map is copied (collections, their metadata, unique indexes, the server's own index definitions), documents,
 * {@code _id}s and index keys re-encoded as BSON, into a new file beside the old one, which is then kept as {@code
 * leadgrade.mv.java-serialised} or {@code leadgrade.mv.bson-1} until its owner deletes it. Each step leaves a state
 * the next start can finish: the old file moves only once the new one is complete and synced.
 */
final class StoreFileConversion {

    private static final Logger log = LoggerFactory.getLogger(StoreFileConversion.class);

    /** The map that names a file's format; files without it are from before the BSON format. */
    static final String FORMAT_MAP = "leadgrade.store";

    static final String FORMAT_KEY = "format";
    static final String BSON_FORMAT = "bson-2";

    /** BSON documents, Java-serialised {@code _id}s and index keys. */
    static final String BSON_DOCUMENTS_FORMAT = "bson-1";

    /** Entries copied between commits, so a large collection is not held in memory whole. */
    private static final int ENTRIES_PER_COMMIT = 10_000;

    private StoreFileConversion() {}

    /** Brings {@code file} to the BSON format: finishes a conversion a crash interrupted, converts an old file. */
    static void ensureBson(Path file, int cacheMegabytes, boolean compress) {
        Path converting = sibling(file, ".converting");
        try {
            if (!Files.exists(file)
                    && Files.exists(converting)
                    && (Files.exists(previousFile(file, Format.JAVA_SERIALISED))
                            || Files.exists(previousFile(file, Format.BSON_DOCUMENTS)))) {
                Files.move(converting, file, StandardCopyOption.ATOMIC_MOVE); // the crash came after the copy
                return;
            }
            Files.deleteIfExists(converting); // a copy a crash left unfinished: the old file is still in place
            Format format = Files.exists(file) ? formatOf(file) : Format.BSON;
            if (format == Format.BSON) {
                return;
            }
            Path previous = previousFile(file, format);
            log.info(
                    "Converting the embedded store {} to BSON documents and keys, once; the old file stays as {}",
                    file.toAbsolutePath(),
                    previous.getFileName());
            long started = System.nanoTime();
            long documents = copy(file, format, converting, cacheMegabytes, compress);
            Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING);
            Files.move(converting, file, StandardCopyOption.ATOMIC_MOVE);
            log.info(
                    "Converted {} documents in {} s: {} MB before, {} MB now. Delete {} once the service runs well.",
                    documents,
                    (System.nanoTime() - started) / 1_000_000_000,
                    Files.size(previous) >> 20,
                    Files.size(file) >> 20,
                    previous.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert the embedded store " + file.toAbsolutePath(), e);
        }
    }

    /** Where a file of an old format is kept after its conversion. */
    static Path previousFile(Path file, Format format) {
        return sibling(file, format == Format.JAVA_SERIALISED ? ".java-serialised" : "." + BSON_DOCUMENTS_FORMAT);
    }

    /**
     * The file's format: what it says, or BSON when it holds no collection yet, else the Java-serialised one (that
     * backend wrote no format). A format this version does not know is a {@link StoreFormatUnknownException}.
     */
    static Format formatOf(Path file) {
        try (MVStore store =
                new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            if (store.hasMap(FORMAT_MAP)) {
                String format = store.<String, String>openMap(FORMAT_MAP).get(FORMAT_KEY);
                if (BSON_DOCUMENTS_FORMAT.equals(format)) {
                    return Format.BSON_DOCUMENTS;
                }
                if (format == null || BSON_FORMAT.equals(format)) {
                    return Format.BSON;
                }
                throw new StoreFormatUnknownException(file, format);
            }
            boolean collections =
                    store.getMapNames().stream().anyMatch(name -> name.startsWith(DurableH2Backend.DATA_PREFIX));
            return collections ? Format.JAVA_SERIALISED : Format.BSON;
        }
    }

    /** Marks an open store as being in the BSON format (a new file, or one just converted). */
    static void markBson(MVStore store) {
        mark(store, BSON_FORMAT);
    }

    static void mark(MVStore store, String name) {
        MVMap<String, String> format = store.openMap(FORMAT_MAP);
        if (!name.equals(format.get(FORMAT_KEY))) {
            format.put(FORMAT_KEY, name);
        }
    }

    private static long copy(Path from, Format format, Path to, int cacheMegabytes, boolean compress) {
        MVStore.Builder converted = DurableH2Backend.builder(to, cacheMegabytes);
        if (compress) {
            converted.compress();
        }
        long documents = 0;
        try (MVStore source = new MVStore.Builder()
                        .fileName(from.toString())
                        .readOnly()
                        .cacheSize(cacheMegabytes)
                        .open();
                MVStore target = converted.open()) {
            for (String name : source.getMapNames()) {
                if (name.startsWith(DurableH2Backend.DATA_PREFIX)) {
                    // Java-serialised documents are encoded as the target map writes them; BSON bytes are copied.
                    MVMap<Object, Object> documentsFrom = source.openMap(name, DurableH2Backend.dataMap(format));
                    documents +=
                            copy(target, documentsFrom, target.openMap(name, DurableH2Backend.dataMap(Format.BSON)));
                } else if (name.contains("._index_")) {
                    copy(
                            target,
                            source.openMap(name, DurableH2Backend.indexMap(format)),
                            target.openMap(name, DurableH2Backend.indexMap(Format.BSON)));
                } else if (!name.equals(FORMAT_MAP)) {
                    copy(target, source.openMap(name), target.openMap(name));
                }
            }
            markBson(target);
            target.commit();
            target.sync();
        }
        return documents;
    }

    private static <K, V> long copy(MVStore target, MVMap<K, V> from, MVMap<K, V> to) {
        long copied = 0;
        for (Map.Entry<K, V> entry : from.entrySet()) {
            to.put(entry.getKey(), entry.getValue());
            if (++copied % ENTRIES_PER_COMMIT == 0) {
                target.commit();
            }
        }
        return copied;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
