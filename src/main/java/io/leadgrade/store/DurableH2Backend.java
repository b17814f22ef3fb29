package io.leadgrade.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * H2 backend that commits before it answers, and forces the file to disk on every commit: an acknowledged write is on
 * stable storage, as MongoDB's {@code j: true} promises (the stock backend commits about once a second and never
 * syncs). Concurrent writers share commits (group commit): each normal write takes a ticket when its change is in
 * the store, and one commit with its sync covers every ticket taken before it started, so writers that arrive while a
 * sync runs wait for the next one together instead of syncing one by one. A write that asks for no journal
 * ({@code writeConcern: {j: false}}, see {@link DeferredCommits}) takes no ticket: the next normal write commits it.
 *
 * <p>Documents are stored as BSON bytes ({@link BsonDocumentType}), and so are their {@code _id}s and the unique
 * indexes' keys ({@link BsonKeyType}); {@link Format#JAVA_SERIALISED} and {@link Format#BSON_DOCUMENTS} open files
 * of the backend before that, which kept Java serialisations of the server's documents or of their keys (for their
 * conversion and as the benchmarks' before).
 */
final class DurableH2Backend extends H2Backend {

    /** How the documents of a file are stored. */
    enum Format {
        /** The server's documents as Java serialisations (H2's default value type): files written before the BSON format. */
        JAVA_SERIALISED,
        /** The documents as BSON bytes, their keys and the unique indexes' keys still Java serialisations ("bson-1"). */
        BSON_DOCUMENTS,
        /** Documents, {@code _id}s and unique index keys as BSON ({@link BsonKeyType}; "bson-2"). */
        BSON
    }

    /** Commands that change data; the server checks and changes documents in separate steps, so they take turns. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify");

    /** Rewrite chunks whose live share fell below this (percent) so dead space is reused as the store goes. */
    static final int TARGET_FILL_RATE = 70;

    /** A compaction step after this many commits, sooner when the file's used share fell below the target. */
    private static final int COMMITS_PER_COMPACTION = 64;

    /** But not more often than this, unless the file grew by {@link #COMPACTION_BYTES}: a step costs a sync. */
    private static final int COMMITS_BETWEEN_COMPACTIONS = 16;

    private static final int COMPACTION_BYTES = 4 << 20;

    /**
     * Live bytes a step between requests rewrites (the emptiest, oldest chunks first), as H2's own housekeeping does
     * while the store is busy: every commit waiting behind the step, it stays short (steps of {@link
     * #COMPACTION_BYTES} took 100 to 280 ms on a 15 MB store under load and set the p99 of every request). When bulk
     * work grew the file by {@link #COMPACTION_BYTES}, or the chunks' live share fell more than {@link
     * #SMALL_STEPS_BELOW} points below the target, the step rewrites up to {@link #COMPACTION_BYTES}.
     */
    private static final int REWRITE_BYTES = 256 << 10;

    /** Small steps while the chunks' live share is at most this many points below the target; else full ones. */
    private static final int SMALL_STEPS_BELOW = 5;

    /** The most bytes of chunks one step moves from the end of the file into its free space. */
    private static final int MOVE_BYTES = 16 << 20;

    private final MVStore store;
    private final Format format;
    private final boolean sync;
    private final ReentrantLock writes = new ReentrantLock();
    private final Object commits = new Object();

    /** Tickets of normal writes whose change is in the store; the last one taken. */
    private final AtomicLong written = new AtomicLong();

    /** Every ticket up to this one is committed (and synced). Written under {@link #commits}. */
    private volatile long durable;

    private final LongAdder syncs = new LongAdder();
    private final LongAdder examined = new LongAdder();
    private int commitsSinceCompaction;
    private long sizeAfterCompaction;

    private DurableH2Backend(MVStore store, Format format, boolean sync) {
        super(store);
        this.store = store;
        this.format = format;
        this.sync = sync;
    }

    /**
     * Opens the BSON file; {@code cacheMegabytes} of pages stay deserialised in memory (H2's default of 16 is slow);
     * {@code compress}: pages are written LZF-compressed (H2's own), about 2.4 times fewer bytes on disk for lead
     * documents (docs/benchmarks.md).
     */
    static DurableH2Backend open(Path file, int cacheMegabytes, boolean compress) {
        MVStore.Builder builder = builder(file, cacheMegabytes);
        if (compress) {
            builder.compress();
        }
        return open(builder, Format.BSON, true);
    }

    /**
     * Opens a file as the backend before the BSON format did: Java-serialised documents, a commit per write but no
     * sync. For the conversion's tests and the benchmarks' before; the application never writes this format.
     */
    static DurableH2Backend openJavaSerialised(Path file, int cacheMegabytes, boolean sync) {
        return open(builder(file, cacheMegabytes), Format.JAVA_SERIALISED, sync);
    }

    /**
     * Opens a file as the backend before BSON keys did ("bson-1": BSON documents, Java-serialised keys), synced as
     * now; for the conversion's tests and the benchmarks' before.
     */
    static DurableH2Backend openBsonDocuments(MVStore.Builder builder) {
        DurableH2Backend backend = open(builder, Format.BSON_DOCUMENTS, true);
        StoreFileConversion.mark(backend.store, StoreFileConversion.BSON_DOCUMENTS_FORMAT); // as that backend did
        return backend;
    }

    static MVStore.Builder builder(Path file, int cacheMegabytes) {
        return new MVStore.Builder()
                .fileName(file.toString())
                .autoCommitDisabled()
                .cacheSize(cacheMegabytes);
    }

    static DurableH2Backend open(MVStore.Builder builder, Format format, boolean sync) {
        MVStore store = builder.open();
        // Space of chunks no longer live is reused at once, not after H2's 45 s: with a commit per write, 45 s of
        // chunks is a lot of file. The window guards against a crash losing writes that were not yet synced; every
        // commit here syncs before it answers.
        store.setRetentionTime(0);
        OPENING.set(format);
        try {
            return new DurableH2Backend(store, format, sync);
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        } finally {
            OPENING.remove();
        }
    }

    /**
     * mongo-java-server matches an update's filter and then writes the document without holding a lock in between,
     * so two versioned updates of one document ({@code {_id, version: 7}}) could both match and the second would
     * overwrite the first: a lost update that real MongoDB never allows. Writes therefore run one at a time here
     * (reads stay concurrent); the commit before the reply happens outside that lock, so writers still share it.
     * A read waits for the commit of every normal write before it: what it saw must not vanish in a crash. A read that
     * asks for the {@code local} read concern does not: it comes from a unit of work, which waits once at its end.
     */
    @Override
    public Document handleMessage(MongoMessage message) {
        Document command = message.getDocument();
        refuseWhenClosed(command);
        if (!isWrite(command)) {
            try {
                return handleInVersion(message);
            } finally {
                if (!local(command)) {
                    awaitDurable(written.get());
                }
            }
        }
        long ticket = 0;
        writes.lock();
        try {
            return handleInVersion(message);
        } finally {
            if (!deferred(command)) {
                ticket = written.incrementAndGet();
            }
            writes.unlock();
            // Outside the lock: writers that arrive while a commit runs share the next one.
            awaitDurable(ticket);
        }
    }

    /**
     * Handles a command with the store's current version registered as in use, so that no chunk its pages live in is
     * freed while it reads them: commits and their housekeeping run beside it, and with no retention time a chunk is
     * dropped as soon as no registered version needs it (otherwise five commits later).
     */
    private Document handleInVersion(MongoMessage message) {
        MVStore.TxCounter inUse = store.registerVersionUsage();
        try {
            return super.handleMessage(message);
        } finally {
            store.deregisterVersionUsage(inUse);
        }
    }

    /** The commands a driver's monitor sends to know the server is there; they stay answered (see below). */
    private static final Set<String> HANDSHAKE = Set.of("hello", "ismaster");

    static final String CLOSED = "The embedded store closed itself after an error (the first one is in the log, for"
            + " example a full disk); restart LeadGrade: the data on disk is as of the last acknowledged write.";

    /**
     * Once the store has closed itself (H2 closes a store whose commit failed: a full disk, an I/O error), every
     * command but the monitor's handshake is refused with {@code HostUnreachable} and {@link #CLOSED}: the driver
     * keeps the server selectable, Spring reads the code as the data being out of reach (the API answers 503), and the
     * health check's {@code ping} fails, so {@code /actuator/health} is DOWN. Before, every request was a 500 and health
     * stayed UP.
     */
    private void refuseWhenClosed(Document command) {
        if (store.isClosed()
                && !(command.isEmpty()
                        || HANDSHAKE.contains(command.keySet().iterator().next().toLowerCase(Locale.ROOT)))) {
            throw new de.bwaldvogel.mongo.exception.MongoServerError(6, "HostUnreachable", CLOSED);
        }
    }

    private static boolean isWrite(Document command) {
        return !command.isEmpty()
                && WRITES.contains(command.keySet().iterator().next().toLowerCase(Locale.ROOT));
    }

    /**
     * A read that asks for the {@code local} read concern (a unit of work's reads, {@code DeferredCommits.UNIT_READS}):
     * answered at once, without waiting for the commit of writes before it; whoever asked waits for that once.
     */
    static boolean local(Document command) {
        return command.get("readConcern") instanceof Document concern && "local".equals(concern.get("level"));
    }

    private static boolean deferred(Document command) {
        return command.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        refuseWhenClosed(query.getQuery());
        try {
            return super.handleQuery(query);
        } finally {
            awaitDurable(written.get());
        }
    }

    /**
     * Returns once the write of {@code ticket} is committed and synced. One commit at a time; the thread that commits
     * covers every ticket taken before it began, so the threads queued behind it find their ticket covered.
     */
    private void awaitDurable(long ticket) {
        if (ticket <= durable) {
            return;
        }
        synchronized (commits) {
            if (ticket <= durable) {
                return;
            }
            long covered = written.get();
            if (store.hasUnsavedChanges()) {
                // Housekeeping first: whatever it writes to the file is forced to disk with this commit.
                compactNowAndThen();
                store.commit();
                if (sync) {
                    store.sync();
                    syncs.increment();
                }
            }
            durable = covered;
        }
    }

    /**
     * Reclaims dead space now and then, so the file stays mostly live data: rewrites chunks that are mostly dead (with
     * a commit per request, many chunks keep a few live pages each and would never be freed), then, while much of the
     * file is free space, moves chunks from its end into that space and truncates it ({@link #MOVE_BYTES} a step). H2 does this in a background thread when it commits on its own; here the commits are
     * the backend's, and so is the housekeeping, run before a commit so that its writes are synced with it.
     */
    private void compactNowAndThen() {
        commitsSinceCompaction++;
        boolean grew = store.getFileStore().size() - sizeAfterCompaction >= COMPACTION_BYTES;
        if (commitsSinceCompaction < COMMITS_BETWEEN_COMPACTIONS && !grew) {
            return;
        }
        if (commitsSinceCompaction < COMMITS_PER_COMPACTION
                && store.getFillRate() >= TARGET_FILL_RATE
                && store.getFileStore().getChunksFillRate() >= TARGET_FILL_RATE) {
            return;
        }
        commitsSinceCompaction = 0;
        boolean behind = grew || store.getFileStore().getChunksFillRate() < TARGET_FILL_RATE - SMALL_STEPS_BELOW;
        if (store.compact(TARGET_FILL_RATE, behind ? COMPACTION_BYTES : REWRITE_BYTES)) {
            store.commit(); // the rewritten pages, so that the chunks they left are empty and can be dropped
        }
        if (store.getFillRate() < TARGET_FILL_RATE && store.getFileStore() instanceof RandomAccessStore file) {
            file.compactMoveChunks(TARGET_FILL_RATE, MOVE_BYTES, store);
        }
        sizeAfterCompaction = store.getFileStore().size();
    }

    private void examinedOne() {
        // Collections opened while H2Backend's constructor runs count from when this backend's fields are set.
        if (examined != null) {
            examined.increment();
        }
    }

    /** How many documents queries compared with their filter since the store was opened (tests read it). */
    long documentsExamined() {
        return examined.sum();
    }

    boolean uncommitted() {
        return store.hasUnsavedChanges();
    }

    /** How many times a commit forced the file to disk since the store was opened. */
    long syncs() {
        return syncs.sum();
    }

    /** Live data as a share of the file, in percent (what H2's MVStoreTool reports as the fill rate). */
    int fillRate() {
        return store.getFillRate();
    }

    /** Live data as a share of the chunks in the file, in percent. */
    int chunksFillRate() {
        return store.getFileStore().getChunksFillRate();
    }

    MVStore mvStore() {
        return store;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new KeyOrderedDatabase(databaseName);
    }

    /**
     * A database whose collections answer a sort by {@code _id} ascending in the order their documents are stored
     * (H2 keeps a collection's documents ordered by {@code _id}), streaming, the way MongoDB walks its {@code _id}
     * index. The stock collection sorts every matching document in memory first: a page of a lead list over 200,000
     * leads ran a 1 GB heap out of memory. Any other sort still happens in memory, so large lists sort by {@code _id}.
     * An inner class, because the database opens its collections while it is being constructed and needs the
     * backend's store then.
     */
    private final class KeyOrderedDatabase extends H2Database {

        KeyOrderedDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            // The backend's own store: on reopening, H2Backend opens the databases before this class's fields are set.
            MVMap<Object, Object> data = getMvStore().openMap(DATA_PREFIX + namespace, dataMap(currentFormat()));
            MVMap<String, Object> meta = getMvStore().openMap("meta." + namespace);
            return new KeyOrderedCollection(
                    this, collectionName, options, data, meta, cursorRegistry, DurableH2Backend.this::examinedOne);
        }

        /**
         * Opens the index's map with the format's key and value types first; the stock method then finds it open and uses it (an
         * open map is returned as it is, whatever builder asks for it).
         */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(
                String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            getMvStore()
                    .openMap(
                            indexMapName(getFullCollectionNamespace(collectionName), indexName),
                            indexMap(currentFormat()));
            return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
        }
    }

    /**
     * Queries answered by reading every document of a collection, by namespace, in this process (what MongoDB's
     * {@code metrics.queryExecutor.collectionScans} counts): how the tests see that a query found its index.
     */
    private static final java.util.Map<String, LongAdder> SCANS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Collection scans of a namespace ({@code database.collection}) so far in this process. */
    static long collectionScans(String namespace) {
        LongAdder scans = SCANS.get(namespace);
        return scans == null ? 0 : scans.sum();
    }

    /** The prefix of the maps that hold a collection's documents (H2Database's). */
    static final String DATA_PREFIX = "databases.";

    /**
     * A data map's builder for the format: {@code _id} to document, each as BSON or as H2's default Java
     * serialisation. The BSON formats' values are the documents' bytes ({@link BsonDocumentType}); the Java one's are
     * the server's documents.
     */
    static MVMap.Builder<Object, Object> dataMap(Format format) {
        MVMap.Builder<Object, Object> builder = new MVMap.Builder<>();
        return switch (format) {
            case BSON -> builder.keyType(BsonKeyType.ID).valueType(BsonDocumentType.INSTANCE);
            case BSON_DOCUMENTS -> builder.valueType(BsonDocumentType.INSTANCE);
            case JAVA_SERIALISED -> builder;
        };
    }

    /** A unique index's map builder for the format: the index's key to the document's {@code _id}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static MVMap.Builder<Object, Object> indexMap(Format format) {
        MVMap.Builder builder = new MVMap.Builder<>();
        return format == Format.BSON
                ? builder.keyType(BsonKeyType.INDEX).valueType(BsonKeyType.ID)
                : builder.keyType(new IndexKeyType());
    }

    /**
     * The backend's format; while H2Backend's constructor reopens the databases of an existing file this class's
     * fields are not set yet, and the format comes from the thread that opens it.
     */
    private Format currentFormat() {
        return format != null ? format : OPENING.get();
    }

    /** The format of the file this thread is opening (see {@link #currentFormat()}). */
    private static final ThreadLocal<Format> OPENING = new ThreadLocal<>();

    /** The name H2Database gives the map of an index. */
    static String indexMapName(String namespace, String indexName) {
        return namespace + "._index_" + indexName;
    }

    /**
     * The key type of the unique indexes ({@code _id}, a lead's {@code externalId}, ...) in the formats before BSON
     * keys, kept to read them. mongo-java-server keys them by {@link KeyValue}, which is not {@code Comparable}, so
     * H2's {@link ObjectDataType} orders two keys by their Java serialisations and serialises both for every
     * comparison of every binary search: a quarter of what the application allocated under load
     * (docs/benchmarks.md). This type keeps exactly that order, so files written before stay valid, but serialises
     * the key being looked up once per lookup instead of once per comparison.
     */
    static final class IndexKeyType extends ObjectDataType {

        /** The key this thread looked up last and its serialised form. */
        private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

        @Override
        public int compare(Object a, Object b) {
            if (a == b || !(a instanceof KeyValue) || !(b instanceof KeyValue)) {
                return super.compare(a, b);
            }
            return ObjectDataType.compareNotNull(serialized(a), stored(b));
        }

        /** Serialised forms of keys met in comparisons, by identity: slots overwrite each other, never grow. */
        private static final Cached[] STORED = new Cached[1 << 14];

        private record Cached(java.lang.ref.WeakReference<Object> key, byte[] bytes) {}

        /**
         * The serialised form of a key held in a page (the other side of a lookup's comparisons): the same page keys
         * are compared with every lookup that passes through the page, and serialising each again for every
         * comparison was a sixth of the store's time in a history import. Keys are immutable, so a form found for
         * the same object is still its form; a slot lost to another key is computed again.
         */
        private static byte[] stored(Object key) {
            int slot = System.identityHashCode(key) & (STORED.length - 1);
            Cached cached = STORED[slot];
            if (cached != null && cached.key().get() == key) {
                return cached.bytes();
            }
            byte[] bytes = ObjectDataType.serialize(key);
            STORED[slot] = new Cached(new java.lang.ref.WeakReference<>(key), bytes);
            return bytes;
        }

        private static byte[] serialized(Object key) {
            Object[] last = LAST.get();
            if (last[0] != key) {
                last[1] = ObjectDataType.serialize(key);
                last[0] = key;
            }
            return (byte[]) last[1];
        }
    }

    private static final class KeyOrderedCollection extends H2Collection {

        private static final Document STORED_ORDER = new Document("$natural", 1);

        private final Runnable examined;
        private final MVMap<Object, Object> data;
        /** Whether the map keeps documents as BSON bytes (the BSON formats), not as the server's documents. */
        private final boolean bytes;

        @SuppressWarnings({"unchecked", "rawtypes"})
        KeyOrderedCollection(
                MongoDatabase database,
                String collectionName,
                CollectionOptions options,
                MVMap<Object, Object> data,
                MVMap<String, Object> meta,
                CursorRegistry cursors,
                Runnable examined) {
            // H2Collection's own uses of the map are all overridden below: its values may be bytes, not documents.
            super(database, collectionName, options, (MVMap) data, meta, cursors);
            this.examined = examined;
            this.data = data;
            this.bytes = data.getValueType() instanceof BsonDocumentType;
        }

        /** A stored value as a document: bytes are decoded into a new document, which the caller alone holds. */
        static Document document(Object stored) {
            return stored instanceof byte[] bytes ? BsonDocumentType.decode(bytes) : (Document) stored;
        }

        /** A document as this collection's map keeps it: its bytes, unless the map holds Java-serialised documents. */
        private Object stored(Document document) {
            return bytes ? BsonDocumentType.encode(document) : document;
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            Object key = getIdField() != null
                    ? de.bwaldvogel.mongo.backend.Utils.getSubdocumentValue(document, getIdField())
                    : java.util.UUID.randomUUID();
            Object previous = data.put(de.bwaldvogel.mongo.backend.Missing.ofNullable(key), stored(document));
            if (previous != null) {
                throw new IllegalStateException("a document with the key " + key + " is stored in " + getFullName());
            }
            return key;
        }

        @Override
        protected Document getDocument(Object position) {
            Object stored = data.get(position);
            return stored == null ? null : document(stored);
        }

        @Override
        protected void removeDocument(Object position) {
            if (data.remove(position) == null) {
                throw new java.util.NoSuchElementException("No document with key " + position);
            }
        }

        @Override
        protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
            data.put(de.bwaldvogel.mongo.backend.Missing.ofNullable(position), stored(newDocument));
        }

        @Override
        protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
            return data.entrySet().stream()
                    .map(entry -> new DocumentWithPosition<>(document(entry.getValue()), entry.getKey()));
        }

        @Override
        protected boolean documentMatchesQuery(Document document, Document query) {
            examined.run();
            return super.documentMatchesQuery(document, query);
        }

        /**
         * The collection's data size is worked out when asked ({@code collStats}, {@code dataSize}), not kept on every
         * write: keeping it encoded the old and the new document of every update once more and rewrote a counter in
         * the file's metadata for every document written, a tenth of the store's time in a history import. Nothing in
         * LeadGrade reads it; an operator's {@code collStats} pays one pass over the collection.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        /**
         * The documents' bytes, summed. H2Collection's constructor asks for it once, for a debug line, before this
         * class's fields are set: answered 0 then, instead of a pass over every document of every collection at each
         * start.
         */
        @Override
        protected int getDataSize() {
            if (data == null) {
                return 0;
            }
            long size = data.values().stream()
                    .mapToLong(stored -> stored instanceof byte[] bytes
                            ? bytes.length
                            : BsonDocumentType.encode((Document) stored).length)
                    .sum();
            return (int) Math.min(Integer.MAX_VALUE, size);
        }

        /**
         * Whether this thread is updating documents ({@link #updateDocuments}, {@link #findAndModify}): the documents
         * its query finds are then private copies (see {@link #updateDocuments}).
         */
        private static final ThreadLocal<Boolean> UPDATING = ThreadLocal.withInitial(() -> false);

        /**
         * mongo-java-server updates the document it found in place (it removes and puts its fields, then stores the
         * same object again), and that object is the one the store's pages hold: a commit serialising those pages on
         * another thread (commits run outside the write lock) met a document changing under it, failed with a {@code
         * ConcurrentModificationException} and closed the store, and a reader encoding its answer could see half an
         * update. So an update works on a copy of each document its query finds; the copy is what it stores, and a
         * document in the store is never changed after it was put there (copy-on-write, as H2's pages are). In the
         * BSON formats the store holds bytes and every read decodes a new document, so nothing more is copied. A plain
         * {@code $inc} of one document by {@code _id} reaches the server as the {@code $set} of the fields it changes
         * ({@link IncrementRewrite}), worked out from the stored document under the collection's lock.
         */
        @Override
        public Document updateDocuments(
                Document selector,
                Document update,
                de.bwaldvogel.mongo.backend.ArrayFilters arrayFilters,
                boolean isMulti,
                boolean isUpsert,
                de.bwaldvogel.mongo.oplog.Oplog oplog) {
            synchronized (this) { // the server's own lock on the collection, held from the read to the write
                Document effective = update;
                List<String[]> paths = !isMulti && arrayFilters.isEmpty() && isById(selector)
                        ? IncrementRewrite.plainPaths(update)
                        : null;
                if (paths != null) { // only then is the stored document looked up
                    Document stored = byId(selector);
                    if (stored != null || isUpsert) {
                        Document rewritten = IncrementRewrite.rewrite(update, paths, stored);
                        effective = rewritten != null ? rewritten : update;
                    }
                }
                Document applied = effective;
                return onCopies(() -> super.updateDocuments(selector, applied, arrayFilters, isMulti, isUpsert, oplog));
            }
        }

        /** Whether the selector is {@code _id} alone, equal to a plain value. */
        private boolean isById(Document selector) {
            if (selector.size() != 1) {
                return false;
            }
            Object id = selector.get(getIdField());
            return id != null
                    && !(id instanceof Document)
                    && !(id instanceof java.util.Collection<?>)
                    && !(id instanceof java.util.regex.Pattern);
        }

        /** The stored document of an {@link #isById} selector, read from the {@code _id} index; null when none. */
        private Document byId(Document selector) {
            for (Index<Object> index : getIndexes()) {
                List<IndexKey> keys = index.getKeys();
                if (keys.size() == 1 && keys.get(0).getKey().equals(getIdField())) {
                    Object position = index.getPosition(selector);
                    return position == null ? null : getDocument(position);
                }
            }
            throw new IllegalStateException(getFullName() + " has no _id index");
        }

        /** Updates a copy, as {@link #updateDocuments} does. */
        @Override
        public Document findAndModify(Document query) {
            return onCopies(() -> super.findAndModify(query));
        }

        private static Document onCopies(java.util.function.Supplier<Document> update) {
            boolean outer = UPDATING.get();
            UPDATING.set(true);
            try {
                return update.get();
            } finally {
                UPDATING.set(outer);
            }
        }

        /**
         * A query is answered from a unique index whenever the index's keys are among the query's equality fields,
         * the rest of the query filtering what the index finds, as MongoDB uses an index for part of a query. The
         * stock collection uses an index only when its keys are exactly the query's: a version-checked save ({@code
         * {_id, version}}) of a collection without a {@code {_id, version}} index scanned every document, and in a
         * history import that scan of the handoffs was a third of the store's time.
         */
        @Override
        protected QueryResult queryDocuments(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document projection) {
            QueryResult found = find(query, orderBy, skip, limit, batchSize, projection);
            if (!UPDATING.get() || bytes) {
                return found; // documents decoded from bytes are copies already
            }
            // Copied as the update takes them: an update of one document reads only the first of its matches.
            Iterable<Document> copies = () -> new Iterator<>() {
                private final Iterator<Document> documents = found.iterator();

                @Override
                public boolean hasNext() {
                    return documents.hasNext();
                }

                @Override
                public Document next() {
                    return documents.next().cloneDeeply();
                }
            };
            return new QueryResult(copies, found.getCursorId());
        }

        private QueryResult find(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document projection) {
            List<Index<Object>> indexes = getIndexes();
            if (indexes.stream().noneMatch(index -> index.canHandle(query))) {
                for (Index<Object> index : indexes) {
                    Document keys = new Document();
                    index.getKeys().forEach(key -> {
                        if (query.containsKey(key.getKey())) {
                            keys.put(key.getKey(), query.get(key.getKey()));
                        }
                    });
                    if (keys.size() == index.getKeys().size() && index.canHandle(keys)) {
                        return matchDocuments(
                                query, index.getPositions(keys), orderBy, skip, limit, batchSize, projection);
                    }
                }
                SCANS.computeIfAbsent(getFullName(), name -> new LongAdder()).increment();
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, projection);
        }

        /**
         * Every document, read as the stream is consumed. The stock default collects the whole collection into a
         * list first; aggregations start from here, and {@code countDocuments} is one (a count of 200,000 leads ran
         * a 512 MB heap out of memory).
         */
        @Override
        public Stream<Document> queryAllAsStream() {
            SCANS.computeIfAbsent(getFullName(), name -> new LongAdder()).increment();
            return streamAllDocumentsWithPosition().map(DocumentWithPosition::getDocument);
        }

        /**
         * A query in stored order ({@code _id} ascending, or no sort) that asks for batches ({@code cursorBatchSize}, as
         * every large scan here does) and no projection is answered lazily: the first batch now, the rest read as the
         * client asks for more, so a scan of every lead holds one batch in memory rather than all of them. Everything
         * else (other sorts, projections, the server's own queries for updates and deletes) runs as before, with a
         * sort by {@code _id} served from the stored order.
         */
        @Override
        protected QueryResult matchDocuments(
                Document query, Document orderBy, int skip, int limit, int batchSize, Document projection) {
            boolean stored = orderBy == null
                    || orderBy.isEmpty()
                    || STORED_ORDER.equals(orderBy)
                    || orderBy.size() == 1
                            && orderBy.get("_id") instanceof Number direction
                            && direction.intValue() == 1;
            if (!stored || batchSize <= 0 || projection != null && !projection.isEmpty()) {
                // H2Collection's own version streams the map's values, which may be bytes.
                Stream<Document> documents = isNaturalDescending(orderBy)
                        ? streamAllDocumentsWithPosition()
                                .sorted((a, b) -> data.getKeyType().compare(b.getPosition(), a.getPosition()))
                                .map(DocumentWithPosition::getDocument)
                        : data.values().stream().map(KeyOrderedCollection::document);
                return matchDocumentsFromStream(
                        documents, query, stored ? STORED_ORDER : orderBy, skip, limit, batchSize, projection);
            }
            Iterator<Document> documents =
                    new ResumingScan(data, document -> documentMatchesQuery(document, query), skip, limit);
            List<Document> first = take(documents, batchSize);
            if (!documents.hasNext()) {
                return new QueryResult(first);
            }
            Cursor rest = new LazyCursor(cursorRegistry.generateCursorId(), documents);
            cursorRegistry.add(rest);
            return new QueryResult(first, rest);
        }

        private static List<Document> take(Iterator<Document> documents, int count) {
            List<Document> batch = new ArrayList<>(Math.min(count, 1024));
            while (batch.size() < count && documents.hasNext()) {
                batch.add(documents.next());
            }
            return batch;
        }
    }

    /**
     * A collection's documents in stored order that match, after {@code skip} and up to {@code limit} (0: no limit),
     * read a slice at a time, each slice from the map as it is then, resuming after the last key read. A cursor kept
     * open on the map as it was when the scan began would read pages of that old version for as long as the scan
     * lasts (a re-grade's scan lasts minutes), while commits and housekeeping free the chunks those pages are in
     * ("Chunk 278 not found", seen in a re-grade of 20,000 leads). Like a MongoDB cursor, the scan sees documents
     * changed after it began; it reads each {@code _id} once.
     */
    static final class ResumingScan implements Iterator<Document> {

        /** Documents read from the map per slice, matching or not. */
        private static final int SLICE = 512;

        private final MVMap<Object, Object> data;
        private final java.util.function.Predicate<Document> matches;
        private final java.util.ArrayDeque<Document> ready = new java.util.ArrayDeque<>();
        private long toSkip;
        private long left;
        private Object after;
        private boolean started;
        private boolean done;

        ResumingScan(MVMap<Object, Object> data, java.util.function.Predicate<Document> matches, int skip, int limit) {
            this.data = data;
            this.matches = matches;
            this.toSkip = skip;
            this.left = limit > 0 ? limit : Long.MAX_VALUE;
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !done) {
                slice();
            }
            return !ready.isEmpty();
        }

        @Override
        public Document next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return ready.poll();
        }

        private void slice() {
            org.h2.mvstore.Cursor<Object, Object> cursor = data.cursor(started ? after : null);
            int read = 0;
            while (read < SLICE && cursor.hasNext()) {
                Object key = cursor.next();
                if (started && data.getKeyType().compare(key, after) <= 0) {
                    continue; // the last key of the slice before
                }
                started = true;
                after = key;
                read++;
                Document document = KeyOrderedCollection.document(cursor.getValue());
                if (!matches.test(document)) {
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--;
                    continue;
                }
                ready.add(document);
                if (--left == 0) {
                    done = true;
                    return;
                }
            }
            if (read < SLICE) {
                done = true;
            }
        }
    }

    /** The rest of a lazily answered query, read a batch at a time as the client asks for more. */
    private static final class LazyCursor extends AbstractCursor {

        private final Iterator<Document> documents;

        LazyCursor(long id, Iterator<Document> documents) {
            super(id);
            this.documents = documents;
        }

        @Override
        public synchronized boolean isEmpty() {
            return !documents.hasNext();
        }

        @Override
        public synchronized List<Document> takeDocuments(int count) {
            return KeyOrderedCollection.take(documents, count > 0 ? count : 1000);
        }
    }
}
