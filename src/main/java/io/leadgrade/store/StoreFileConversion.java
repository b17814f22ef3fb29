package io.leadgrade.store;

import de.bwaldvogel.mongo.bson.Document;
import io.leadgrade.store.DurableH2Backend.Format;
import io.leadgrade.store.DurableH2Backend.IndexKeyType;
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
 * Knows which format a store file has and converts a file of the backend before the BSON format (Java-serialised
 * documents) on the first start that finds one: every map is copied as it is (collections, their metadata, unique
 * indexes, the server's own index definitions), the documents re-encoded as BSON, into a new file beside the old one,
 * which is then kept as {@code leadgrade.mv.java-serialised} until its owner deletes it. Each step leaves a state the
 * next start can finish: the old file moves only once the new one is complete and synced.
 */
final class StoreFileConversion {

    private static final Logger log = LoggerFactory.getLogger(StoreFileConversion.class);

    /** The map that names a file's format; files without it are from before the BSON format. */
    static final String FORMAT_MAP = "leadgrade.store";

    static final String FORMAT_KEY = "format";
    static final String BSON_FORMAT = "bson-1";

    /** Entries copied between commits, so a large collection is not held in memory whole. */
    private static final int ENTRIES_PER_COMMIT = 10_000;

    private StoreFileConversion() {}

    /** Brings {@code file} to the BSON format: finishes a conversion a crash interrupted, converts an old file. */
    static void ensureBson(Path file, int cacheMegabytes, boolean compress) {
        Path converting = sibling(file, ".converting");
        Path previous = previousFile(file);
        try {
            if (!Files.exists(file) && Files.exists(converting) && Files.exists(previous)) {
                Files.move(converting, file, StandardCopyOption.ATOMIC_MOVE); // the crash came after the copy
                return;
            }
            Files.deleteIfExists(converting); // a copy a crash left unfinished: the old file is still in place
            if (!Files.exists(file) || formatOf(file) != Format.JAVA_SERIALISED) {
                return;
            }
            log.info(
                    "Converting the embedded store {} to BSON documents, once; the old file stays as {}",
                    file.toAbsolutePath(),
                    previous.getFileName());
            long started = System.nanoTime();
            long documents = copy(file, converting, cacheMegabytes, compress);
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

    /** Where the file of the old format is kept after its conversion. */
    static Path previousFile(Path file) {
        return sibling(file, ".java-serialised");
    }

    /** The file's format: BSON when it says so or holds no collection yet, else the Java-serialised one. */
    static Format formatOf(Path file) {
        try (MVStore store =
                new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            if (store.hasMap(FORMAT_MAP)) {
                return Format.BSON;
            }
            boolean collections =
                    store.getMapNames().stream().anyMatch(name -> name.startsWith(DurableH2Backend.DATA_PREFIX));
            return collections ? Format.JAVA_SERIALISED : Format.BSON;
        }
    }

    /** Marks an open store as being in the BSON format (a new file, or one just converted). */
    static void markBson(MVStore store) {
        MVMap<String, String> format = store.openMap(FORMAT_MAP);
        if (!BSON_FORMAT.equals(format.get(FORMAT_KEY))) {
            format.put(FORMAT_KEY, BSON_FORMAT);
        }
    }

    private static long copy(Path from, Path to, int cacheMegabytes, boolean compress) {
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
                    MVMap<Object, Document> documentsFrom =
                            source.openMap(name, DurableH2Backend.dataMap(Format.JAVA_SERIALISED));
                    documents +=
                            copy(target, documentsFrom, target.openMap(name, DurableH2Backend.dataMap(Format.BSON)));
                } else if (name.contains("._index_")) {
                    copy(target, source.openMap(name, indexMap()), target.openMap(name, indexMap()));
                } else {
                    copy(target, source.openMap(name), target.openMap(name));
                }
            }
            markBson(target);
            target.commit();
            target.sync();
        }
        return documents;
    }

    private static MVMap.Builder<Object, Object> indexMap() {
        return new MVMap.Builder<Object, Object>().keyType(new IndexKeyType());
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
