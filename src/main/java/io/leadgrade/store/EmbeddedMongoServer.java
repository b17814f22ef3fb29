package io.leadgrade.store;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-wire-compatible server: one H2 file of BSON documents under the configured folder, loopback
 * only; the file of an older LeadGrade (Java-serialised documents) is converted on the first start.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);

    /** The store's file in its folder. */
    static final String FILE_NAME = "leadgrade.mv";

    /** Where a running server writes its URI, so that a second process on the folder can say where to connect. */
    private static final String URI_FILE = "store.uri";

    private final Path file;
    private final int port;
    private final int cacheMegabytes;
    private final boolean temporary;
    private final boolean compress;
    private MongoServer server;
    private DurableH2Backend backend;
    private InetSocketAddress address;

    public EmbeddedMongoServer(Path folder, int port) {
        this(folder, port, 256, false);
    }

    /** A temporary server deletes its folder at {@link #shutdown()}; {@link #close()} alone never deletes data. */
    public EmbeddedMongoServer(Path folder, int port, int cacheMegabytes, boolean temporary) {
        this(folder, port, cacheMegabytes, temporary, true);
    }

    /** {@code compress}: pages written LZF-compressed (see {@link StoreProperties#compress()}). */
    public EmbeddedMongoServer(Path folder, int port, int cacheMegabytes, boolean temporary, boolean compress) {
        this.file = folder.resolve(FILE_NAME);
        this.port = port;
        this.cacheMegabytes = cacheMegabytes;
        this.temporary = temporary;
        this.compress = compress;
    }

    /** Opens the database file and starts listening; a failure leaves no thread running. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded store folder " + file.getParent(), e);
        }
        // After a restart the server comes back on the port clients already know.
        int bindPort = address != null ? address.getPort() : port;
        DurableH2Backend opened = openBackend();
        MongoServer started = new MongoServer(opened);
        try {
            started.bind(new InetSocketAddress("127.0.0.1", bindPort));
            address = started.getLocalAddress();
            Files.writeString(uriFile(), connectionString("leadgrade"));
        } catch (IOException e) {
            started.shutdownNow();
            opened.close();
            throw new UncheckedIOException("cannot write " + uriFile(), e);
        } catch (RuntimeException e) {
            started.shutdownNow();
            opened.close();
            throw e;
        }
        server = started;
        backend = opened;
        log.info(
                "Embedded store listening on mongodb://{}:{} with data in {}",
                address.getHostString(),
                address.getPort(),
                file.toAbsolutePath());
    }

    /**
     * Converts a file of the previous format first (once, see {@link StoreFileConversion}); a folder another process
     * holds is a {@link StoreFolderInUseException} that names it and the other process's store.
     */
    private DurableH2Backend openBackend() {
        try {
            StoreFileConversion.ensureBson(file, cacheMegabytes, compress);
            DurableH2Backend opened = DurableH2Backend.open(file, cacheMegabytes, compress);
            StoreFileConversion.markBson(opened.mvStore());
            opened.mvStore().commit();
            return opened;
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreFolderInUseException(file.getParent(), ownerUri(file.getParent()), e);
            }
            throw e;
        }
    }

    private Path uriFile() {
        return file.resolveSibling(URI_FILE);
    }

    /** The URI the server that holds {@code folder} wrote at its start, or null. */
    static String ownerUri(Path folder) {
        Path uri = folder.resolve(URI_FILE);
        try {
            return Files.exists(uri) ? Files.readString(uri).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    public synchronized String connectionString(String database) {
        if (address == null) {
            throw new IllegalStateException("the embedded store is not started");
        }
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    /** Whether writes are in memory that no commit has put on disk yet (deferred ones, see DeferredCommits). */
    synchronized boolean uncommitted() {
        return backend != null && backend.uncommitted();
    }

    /** The backend while the server runs (tests and benchmarks read its counters). */
    synchronized DurableH2Backend backend() {
        return backend;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the server and closes the database file. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdownNow();
            backend.close();
            server = null;
            backend = null;
            try {
                Files.deleteIfExists(uriFile());
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", uriFile(), e.toString());
            }
        }
    }

    /** The end of the application: closes the store and, if it is temporary, deletes its folder. */
    public synchronized void shutdown() {
        close();
        if (temporary) {
            deleteFolder(file.getParent());
        }
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete the temporary store folder {}: {}", folder, e.toString());
        }
    }
}
