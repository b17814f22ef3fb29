package io.leadgrade.reports;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.leadgrade.handoff.Handoff;
import io.leadgrade.handoff.HandoffChanged;
import io.leadgrade.store.BulkWork;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The report rollups, kept by atomic increments on every handoff write and read by id, so a report costs the same at
 * a million handoffs as at ten thousand.
 *
 * <p>Per level (D for a UTC day, M for a month), period and filter combination (the mask says which of territory,
 * rep, product line and source are fixed, and the id carries their values), one document for each dimension {@code d}
 * not fixed ({@link #sectionId}) holds {@code g.<d>.<value>}: the totals of those handoffs per value of {@code d}.
 * Values are report groups ({@link GroupValues}: free text normalised, at most a set number per dimension), so every
 * document is bounded. Totals are: {@code c.<grade|tier|disposition>} counts, {@code o} open, {@code d} overdue,
 * {@code w} opportunities won and {@code h.<bucket>} hours to a first disposition (see {@link Facts}). There is no
 * document of totals alone: every handoff has a group in every dimension, so a document's groups add up to the
 * totals of its filter, and the totals with one more dimension fixed are one of its groups. A report with any filters
 * and any grouping therefore reads one document per period: months for whole months in its range, days for the rest.
 * A handoff change touches 64 documents (32 a level). Document ids carry the prefix of their {@link Generation}.
 *
 * <p>A change of a handoff subtracts what its old state contributed and adds what its new state contributes, in one
 * unordered bulk write. {@link #rebuild} recomputes everything from the handoffs.
 */
@Component
public class Rollups {

    static final String COLLECTION = "report_rollups";
    static final String BOUNDS = "bounds";
    static final char[] DIMENSIONS = {'t', 'r', 'p', 's'};
    /** The handoff fields {@link Facts#of} reads (and the primitive ones a Handoff needs to be built). */
    static final List<String> FACT_FIELDS = List.of(
            "cycle",
            "fallback",
            "reassignments",
            "at",
            "territory",
            "repId",
            "productLine",
            "source",
            "grade",
            "tier",
            "disposition",
            "status",
            "firstDispositionAt",
            "assignedAt",
            "overdueNoted",
            "history.type");

    private static final Logger log = LoggerFactory.getLogger(Rollups.class);

    private final MongoTemplate mongo;
    private final GroupValues groups;
    private final RebuildLock rebuildLock;
    private final BulkWork bulk;
    /**
     * Increments on this instance share the lock; a rebuild takes it alone so no increment of this instance falls
     * between its scan and its swap. Other instances are kept out of rebuilding by {@link RebuildLock}.
     */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private final AtomicLong failedWrites = new AtomicLong();

    Rollups(
            MongoTemplate mongo,
            GroupValues groups,
            RebuildLock rebuildLock,
            BulkWork bulk,
            @org.springframework.beans.factory.annotation.Value("${leadgrade.reports.rollup-flush-interval:250ms}")
                    java.time.Duration flushInterval,
            @org.springframework.beans.factory.annotation.Value("${leadgrade.reports.rollup-max-delay:5s}")
                    java.time.Duration maxDelay,
            @org.springframework.beans.factory.annotation.Value("${leadgrade.reports.rollup-write-slice:2000}")
                    int writeSlice) {
        this.mongo = mongo;
        this.groups = groups;
        this.rebuildLock = rebuildLock;
        this.bulk = bulk;
        this.quietNanos = flushInterval.toNanos();
        this.maxDelayNanos = maxDelay.toNanos();
        this.writeSlice = Math.max(1, writeSlice);
    }

    /**
     * Rollup documents one bulk write of a flush changes ({@code leadgrade.reports.rollup-write-slice}). A history
     * import's flush touches nearly every day document of its span (64,080 of them for two years); built as one bulk
     * write, every document's update and its increments were in memory at once, most of a 512 MB heap with the
     * pending increments (docs/benchmarks.md, "A CRM history"). The driver sends at most 1,000 a command either way.
     */
    private final int writeSlice;

    /** How long no change must have come for a scheduled flush to write (the flush interval). */
    private final long quietNanos;
    /** How long increments may wait while changes keep coming ({@code leadgrade.reports.rollup-max-delay}). */
    private final long maxDelayNanos;
    /** When the oldest pending increment and the latest change came (System.nanoTime), under the pending lock. */
    private long pendingSince;

    private long lastChange;

    /** What a handoff contributes, with its dimensions as report groups (normalised, bounded). */
    Facts facts(Handoff handoff) {
        return Facts.of(handoff).grouped(groups);
    }

    /** What a report groups a value under and shows it as. */
    String label(Grouping grouping, String group) {
        return grouping.isPeriod() ? group : groups.label(grouping.dimension(), group);
    }

    /** The filter with each dimension's value replaced by the group the rollups keep it under. */
    ReportFilter grouped(ReportFilter filter) {
        return new ReportFilter(
                filter.from(),
                filter.to(),
                filter.territory() == null ? null : groups.filterGroup('t', filter.territory()),
                filter.rep() == null ? null : groups.filterGroup('r', filter.rep()),
                filter.productLine() == null ? null : groups.filterGroup('p', filter.productLine()),
                filter.source() == null ? null : groups.filterGroup('s', filter.source()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Keeping them

    /**
     * Adds what a handoff change does to the pending increments; they are written together once changes pause for
     * {@code leadgrade.reports.rollup-flush-interval} (250 ms) or the oldest has waited {@code
     * leadgrade.reports.rollup-max-delay} (5 s) (see {@link #flushWhenQuiet}), before every report this instance
     * answers, and when many distinct facts are pending. A burst of changes (an import) therefore costs one write per
     * touched document, not 96 per change. Nothing here talks to the store: the request that changed the handoff does not wait for the
     * reports.
     */
    @EventListener
    void onChanged(HandoffChanged change) {
        int size;
        lock.readLock().lock(); // a rebuild waits for these, and these for a rebuild
        try {
            synchronized (pending) {
                // The facts as stored: their groups are looked up at the flush, off the request's thread.
                if (change.before() != null) {
                    pending.computeIfAbsent(Facts.of(change.before()), f -> new long[1])[0]--;
                }
                if (change.after() != null) {
                    Facts after = Facts.of(change.after());
                    pending.computeIfAbsent(after, f -> new long[1])[0]++;
                    // The range of days only widens (a handoff may be dated back, by an import of history).
                    String day = after.day().toString();
                    pendingFirst = pendingFirst == null || day.compareTo(pendingFirst) < 0 ? day : pendingFirst;
                    pendingLast = pendingLast == null || day.compareTo(pendingLast) > 0 ? day : pendingLast;
                }
                long now = System.nanoTime();
                if (pendingChanges == 0) {
                    pendingSince = now;
                }
                lastChange = now;
                pendingChanges++;
                size = pending.size();
            }
        } finally {
            lock.readLock().unlock();
        }
        if (size >= MAX_PENDING_FACTS) {
            flush();
        }
    }

    /** Distinct pending facts above which a change writes them at once. */
    static final int MAX_PENDING_FACTS = 20_000;

    /** Handoffs added (positive) and removed (negative) per distinct fact since the last flush. */
    // In order of change, so that new values are admitted to their groups in the order they were first seen.
    private final Map<Facts, long[]> pending = new LinkedHashMap<>();

    private String pendingFirst;
    private String pendingLast;
    private long pendingChanges;
    private final String instance = java.util.UUID.randomUUID().toString();

    /**
     * Writes the pending increments in unordered bulk writes of {@link #writeSlice} documents. While increments are
     * pending, a marker document
     * ({@code pending:<instance>}, refreshed by every flush) says so: a marker left by an instance that died before
     * writing is found at start-up and sets off a rebuild.
     */
    public synchronized void flush() { // one at a time: a report waits for a flush in progress
        lock.readLock().lock();
        try {
            Map<Facts, long[]> batch;
            String first;
            String last;
            long changes;
            synchronized (pending) {
                if (pending.isEmpty()) {
                    return;
                }
                batch = new LinkedHashMap<>(pending);
                first = pendingFirst;
                last = pendingLast;
                changes = pendingChanges;
                pending.clear();
                pendingFirst = null;
                pendingLast = null;
                pendingChanges = 0;
            }
            write(batch, first, last, changes);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The scheduled flush, every {@code leadgrade.reports.rollup-flush-interval}: it writes once changes pause for an
     * interval, or once the oldest has waited {@code leadgrade.reports.rollup-max-delay} (5 s) while they keep coming.
     * A burst (an import of history) then writes each touched document once per few seconds instead of four times a
     * second: in the demo import the rollup writes were half the store's time. This instance's reports flush first
     * whatever the delay; other instances see a burst's changes up to the max delay late.
     */
    @Scheduled(
            fixedDelayString = "${leadgrade.reports.rollup-flush-interval:250ms}",
            initialDelayString = "${leadgrade.reports.rollup-flush-interval:250ms}")
    void flushWhenQuiet() {
        synchronized (pending) {
            long now = System.nanoTime();
            if (pending.isEmpty() || now - lastChange < quietNanos && now - pendingSince < maxDelayNanos) {
                return;
            }
        }
        flush();
    }

    private void write(Map<Facts, long[]> changed, String first, String last, long changes) {
        String marker = MARKER + instance;
        try {
            collection()
                    .updateOne(
                            Filters.eq("_id", marker),
                            new Document("$set", new Document("at", java.util.Date.from(java.time.Instant.now()))),
                            new UpdateOptions().upsert(true));
            // In _id order, so that each slice updates neighbouring documents.
            Map<String, Map<String, Long>> batch = new TreeMap<>();
            changed.forEach((facts, count) -> {
                if (count[0] != 0) {
                    contribute(facts.grouped(groups), count[0], batch);
                }
            });
            // Read after the marker: a rebuild that switches generations after this read finds the marker.
            String generation = generation().prefix();
            // Bulk work: the slices' writes are not committed one by one (each commit rewrote the pages it touched,
            // and a flush's slices touch the same pages again); the marker's deletion below commits them together.
            // A crash before it leaves the marker, which sets off the repair, as a failed write does.
            bulk.run(() -> {
                writeIncrements(batch, generation, first, last);
                return null;
            });
            collection().deleteOne(Filters.eq("_id", marker));
        } catch (RuntimeException e) {
            // The handoffs are stored; only the report totals miss these changes. Some increments of the batch may
            // have been applied, so they are not retried (that could count them twice): the marker stays, marked
            // failed, and RollupRebuildJob's repair check rebuilds the rollups from the handoffs.
            failedWrites.addAndGet(changes);
            markFailed(marker);
            log.error(
                    "Report rollups missed {} handoff changes; the next repair check rebuilds them from the handoffs",
                    changes,
                    e);
        }
    }

    /** The increments of a flush, in unordered bulk writes of {@link #writeSlice} documents, and the bounds. */
    private void writeIncrements(Map<String, Map<String, Long>> batch, String generation, String first, String last) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        var documents = batch.entrySet().iterator();
        while (documents.hasNext()) {
            Map.Entry<String, Map<String, Long>> document = documents.next();
            documents.remove(); // what is written goes, so a flush holds one slice twice, not the whole batch
            Document inc = new Document();
            document.getValue().forEach((path, delta) -> {
                if (delta != 0) {
                    inc.append(path, delta);
                }
            });
            if (!inc.isEmpty()) {
                writes.add(new UpdateOneModel<>(
                        Filters.eq("_id", generation + document.getKey()),
                        new Document("$inc", inc),
                        new UpdateOptions().upsert(true)));
            }
            if (writes.size() == writeSlice) {
                collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
                writes = new ArrayList<>();
            }
        }
        if (first != null) {
            writes.add(new UpdateOneModel<>(
                    Filters.eq("_id", generation + BOUNDS),
                    new Document("$min", new Document("first", first)).append("$max", new Document("last", last)),
                    new UpdateOptions().upsert(true)));
        }
        if (!writes.isEmpty()) {
            collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    private void markFailed(String marker) {
        try {
            collection()
                    .updateOne(
                            Filters.eq("_id", marker),
                            new Document("$set", new Document("failed", true)),
                            new UpdateOptions().upsert(true));
        } catch (RuntimeException unreachable) {
            // The store is out of reach: failedWrites() still tells this instance's repair check.
        }
    }

    static final String MARKER = "pending:";

    /**
     * Whether increments were lost: an instance's write of them failed (its marker says so), or it died before
     * writing them (its marker is older than a minute).
     */
    boolean lostIncrements() {
        java.util.Date minuteAgo = java.util.Date.from(java.time.Instant.now().minusSeconds(60));
        return collection()
                        .find(Filters.and(
                                Filters.regex("_id", "^" + MARKER),
                                Filters.or(Filters.lt("at", minuteAgo), Filters.eq("failed", true))))
                        .first()
                != null;
    }

    /** Whether the rollups miss changes and need a rebuild (see {@link #lostIncrements}). */
    boolean needRepair() {
        return failedWrites.get() > 0 || lostIncrements();
    }

    @jakarta.annotation.PreDestroy
    void flushAtShutdown() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not write the last report rollup increments: {}", e.getMessage());
        }
    }

    /** The instance rebuilding the rollups now, or null. */
    String rebuiltBy() {
        return rebuildLock.holder();
    }

    /**
     * Deletes the totals documents that rollups kept before their dimension documents answered totals too (ids {@code
     * D|...} and {@code M|...}): nothing reads or writes them any more. Two prefix queries, so each is answered from
     * the {@code _id} index.
     *
     * @return the documents deleted
     */
    long dropTotalsDocuments() {
        String generation = generation().prefix();
        long deleted = 0;
        for (String level : List.of("D", "M")) {
            deleted += collection()
                    .deleteMany(Filters.regex("_id", "^" + generation + level + "\\|"))
                    .getDeletedCount();
        }
        return deleted;
    }

    /** Whether any rollup was written (the bounds document comes with the first handoff). */
    boolean exist() {
        return collection()
                        .find(Filters.eq("_id", generation().prefix() + BOUNDS))
                        .first()
                != null;
    }

    /** Changes that could not be written since start-up: the rollups need a rebuild when this is not 0. */
    public long failedWrites() {
        return failedWrites.get();
    }

    /** Adds what one handoff contributes, times {@code sign}, to every document it belongs to. */
    static void contribute(Facts facts, long sign, Map<String, Map<String, Long>> deltas) {
        for (boolean monthly : new boolean[] {false, true}) {
            for (int mask = 0; mask < 16; mask++) {
                contribute(facts, sign, monthly, mask, deltas);
            }
        }
    }

    /** What one handoff adds to the one document of this level and mask it belongs to. */
    static void contribute(Facts facts, long sign, boolean monthly, int mask, Map<String, Map<String, Long>> deltas) {
        String period = monthly ? "M|" + facts.day().toString().substring(0, 7) : "D|" + facts.day();
        List<String> values = new ArrayList<>(4);
        for (int i = 0; i < 4; i++) {
            if ((mask & (1 << i)) != 0) {
                values.add(facts.dimension(DIMENSIONS[i]));
            }
        }
        String id = id(period, mask, values);
        // No totals document: every handoff has a group in every dimension, so the totals of these handoffs are the
        // sum of any of their dimension documents, and the totals with one more dimension fixed are one of its groups.
        for (int i = 0; i < 4; i++) {
            if ((mask & (1 << i)) == 0) {
                Map<String, Long> paths = deltas.computeIfAbsent(sectionId(id, DIMENSIONS[i]), x -> new HashMap<>());
                section(paths, "g." + DIMENSIONS[i] + "." + encode(facts.dimension(DIMENSIONS[i])) + ".", facts, sign);
            }
        }
    }

    /**
     * The document holding the groups of one dimension for the handoffs of a document: its level letter followed by
     * the dimension ("Mp|2026-03|0" for product lines in March). Kept apart from the totals so that a document holds
     * at most one dimension's groups, which {@link GroupValues} bounds.
     */
    static String sectionId(String id, char dimension) {
        return id.charAt(0) + String.valueOf(dimension) + id.substring(1);
    }

    private static void section(Map<String, Long> paths, String prefix, Facts facts, long sign) {
        paths.merge(prefix + "c." + encode(facts.cell()), sign, Long::sum);
        if (facts.open()) {
            paths.merge(prefix + "o", sign, Long::sum);
        }
        if (facts.overdue()) {
            paths.merge(prefix + "d", sign, Long::sum);
        }
        if (facts.won() != 0) {
            paths.merge(prefix + "w", sign * facts.won(), Long::sum);
        }
        if (facts.hoursBucket() != null) {
            paths.merge(prefix + "h." + facts.hoursBucket(), sign, Long::sum);
        }
    }

    static String id(String period, int mask, List<String> values) {
        StringBuilder id = new StringBuilder(period).append('|').append(mask);
        for (String value : values) {
            id.append('|').append(encode(value));
        }
        return id.toString();
    }

    /** Makes a value safe as a field name and an id part: no '.', '$' or '|' (and '%' is the escape). */
    static String encode(String value) {
        if (value.indexOf('%') < 0 && value.indexOf('.') < 0 && value.indexOf('$') < 0 && value.indexOf('|') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace(".", "%2E").replace("$", "%24").replace("|", "%7C");
    }

    static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%2E", ".").replace("%24", "$").replace("%7C", "|").replace("%25", "%");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading them

    /** The totals of the handoffs the filter selects, grouped. Filters are read as whole UTC days. */
    Cube read(Grouping groupBy, ReportFilter requested) {
        flush(); // this instance's own changes are in every report it answers
        ReportFilter filter = grouped(requested);
        String generation = generation().prefix();
        Document bounds =
                collection().find(Filters.eq("_id", generation + BOUNDS)).first();
        if (bounds == null) {
            return Cube.empty();
        }
        LocalDate from = LocalDate.parse(bounds.getString("first"));
        LocalDate to = LocalDate.parse(bounds.getString("last")).plusDays(1);
        if (filter.from() != null) {
            from = max(from, LocalDate.ofInstant(filter.from(), ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            to = min(to, LocalDate.ofInstant(filter.to(), ZoneOffset.UTC));
        }
        Cube cube = Cube.empty();
        if (!from.isBefore(to)) {
            return cube;
        }
        int mask = 0;
        List<String> values = new ArrayList<>();
        String[] filterValues = {filter.territory(), filter.rep(), filter.productLine(), filter.source()};
        for (int i = 0; i < 4; i++) {
            if (filterValues[i] != null) {
                mask |= 1 << i;
                values.add(filterValues[i]);
            }
        }
        // One dimension document per period answers the report. Grouped by a dimension the filter leaves free: that
        // dimension's document, whose groups sum to the total. Otherwise the total is one group of the document with
        // one filter dimension fewer (the last one fixed), or, with no filter, the sum of the territories.
        char dimension;
        int readMask = mask;
        List<String> readValues = values;
        String pick = null; // the one group that is the total, or null: the sum of all groups
        boolean grouped = false;
        String fixedGroup = null;
        int bit = groupBy.isPeriod() ? -1 : new String(DIMENSIONS).indexOf(groupBy.dimension());
        if (bit >= 0 && (mask & (1 << bit)) == 0) {
            dimension = groupBy.dimension();
            grouped = true;
        } else {
            if (bit >= 0) {
                fixedGroup = filterValues[bit];
            }
            if (mask == 0) {
                dimension = DIMENSIONS[0];
            } else {
                int last = 31 - Integer.numberOfLeadingZeros(mask);
                dimension = DIMENSIONS[last];
                readMask = mask & ~(1 << last);
                readValues = values.subList(0, values.size() - 1);
                pick = encode(filterValues[last]);
            }
        }
        Map<String, String> periodOfId = new LinkedHashMap<>();
        boolean daily = groupBy == Grouping.DAY || groupBy == Grouping.WEEK;
        for (LocalDate day = from; day.isBefore(to); ) {
            boolean wholeMonth =
                    !daily && day.getDayOfMonth() == 1 && !day.plusMonths(1).isAfter(to);
            if (wholeMonth) {
                String month = day.toString().substring(0, 7);
                periodOfId.put(generation + sectionId(id("M|" + month, readMask, readValues), dimension), month);
                day = day.plusMonths(1);
            } else {
                periodOfId.put(
                        generation + sectionId(id("D|" + day, readMask, readValues), dimension),
                        groupBy.isPeriod() ? groupBy.period(day) : null);
                day = day.plusDays(1);
            }
        }
        String field = "g." + dimension + (pick == null ? "" : "." + pick);
        Map<String, Document> documents = find(new ArrayList<>(periodOfId.keySet()), field);
        for (Map.Entry<String, String> period : periodOfId.entrySet()) {
            Document document = documents.get(period.getKey());
            Document byValue = document == null
                    ? null
                    : document.get("g", Document.class).get(String.valueOf(dimension), Document.class);
            if (byValue == null) {
                continue;
            }
            Totals all = new Totals();
            if (pick != null) { // the projection read only that group
                Document group = byValue.get(pick, Document.class);
                if (group != null) {
                    all.merge(totals(group));
                }
            } else {
                for (Map.Entry<String, Object> entry : byValue.entrySet()) {
                    Totals group = totals((Document) entry.getValue());
                    all.merge(group);
                    if (grouped) {
                        merge(cube, label(groupBy, decode(entry.getKey())), group);
                    }
                }
            }
            cube.total().merge(all);
            if (groupBy.isPeriod()) {
                merge(cube, period.getValue(), all);
            } else if (fixedGroup != null) {
                merge(cube, label(groupBy, fixedGroup), all);
            }
        }
        cube.groups().values().removeIf(Totals::isEmpty);
        return cube;
    }

    /** The documents of these ids, with only the field given, by id; 500 ids a query. */
    private Map<String, Document> find(List<String> ids, String field) {
        Map<String, Document> found = new HashMap<>();
        for (int start = 0; start < ids.size(); start += 500) {
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 500));
            for (Document document :
                    collection().find(Filters.in("_id", chunk)).projection(Projections.include(field))) {
                if (document.get("g") instanceof Document) {
                    found.put(document.getString("_id"), document);
                }
            }
        }
        return found;
    }

    private static void merge(Cube cube, String group, Totals totals) {
        cube.groups().computeIfAbsent(group, g -> new Totals()).merge(totals);
    }

    private static Totals totals(Document section) {
        Totals totals = new Totals();
        Document cells = section.get("c", Document.class);
        if (cells != null) {
            cells.forEach((cell, count) -> totals.addCell(decode(cell), ((Number) count).longValue()));
        }
        Document hours = section.get("h", Document.class);
        if (hours != null) {
            hours.forEach((bucket, count) -> totals.addHours(Integer.parseInt(bucket), ((Number) count).longValue()));
        }
        totals.addCounts(number(section, "o"), number(section, "d"), number(section, "w"));
        return totals;
    }

    private static long number(Document section, String field) {
        Object value = section.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Rebuilding them

    /** What {@link #rebuild} answers when another instance holds the rebuild lock. */
    static final long BUSY = -2;
    /** What {@link #rebuild} answers when, once it held the lock, the rollups no longer needed it. */
    static final long NOT_NEEDED = -3;

    long rebuild(LongPredicate progress) {
        return rebuild(progress, () -> true);
    }

    /**
     * Recomputes every rollup from the handoffs, aside: into the next generation of documents (ids prefixed with its
     * number), which one update of the generation pointer then makes the one reports read and increments write, so
     * a rebuild that fails or is stopped at any point leaves the reports as they were (what it wrote is deleted by
     * the next rebuild). The previous generation is deleted after the switch. One scan counts the handoffs per
     * distinct {@link Facts} in memory (far fewer than handoffs); then the documents of one level and mask at a time
     * are summed and written, so memory holds at most one level and mask of documents. Handoff changes on this
     * instance wait for it; another instance's rebuild is kept out by {@link RebuildLock}. {@code progress} hears the
     * handoffs read so far (every 10,000, and after each of the 32 groups of documents written) and stops the rebuild
     * when it answers false.
     *
     * @param needed asked once the lock is held: an automatic rebuild checks again that it is still needed, so that
     *     two instances that found the rollups missing at the same moment do not both rebuild them
     * @return the handoffs read, -1 when stopped, {@link #BUSY} when another instance is rebuilding, {@link
     *     #NOT_NEEDED}
     */
    long rebuild(LongPredicate progress, java.util.function.BooleanSupplier needed) {
        if (!rebuildLock.acquire()) {
            return BUSY;
        }
        lock.writeLock().lock();
        try {
            if (!needed.getAsBoolean()) {
                return NOT_NEEDED;
            }
            LongPredicate goOn = read -> {
                rebuildLock.renew();
                return progress.test(read);
            };
            Generation current = generation();
            Generation next = current.next();
            deleteGeneration(next); // what a rebuild that failed or was stopped left
            long read = rebuildInto(next, goOn);
            if (read < 0) {
                deleteGeneration(next);
                return read;
            }
            switchTo(current, next);
            synchronized (pending) {
                // Their handoffs were written before the scan began: it counted them.
                pending.clear();
                pendingFirst = null;
                pendingLast = null;
                pendingChanges = 0;
            }
            failedWrites.set(0);
            deleteGeneration(current);
            // Markers of lost increments: the new generation counts their handoffs.
            collection().deleteMany(Filters.regex("_id", "^" + MARKER));
            progress.test(read);
            return read;
        } finally {
            lock.writeLock().unlock();
            rebuildLock.release();
        }
    }

    /** Writes the rollups of a generation; the handoffs read, or -1 when stopped. */
    private long rebuildInto(Generation generation, LongPredicate progress) {
        String prefix = generation.prefix();
        // Handoffs with equal facts (same day, groups, cell and state) are counted, not kept one by one.
        Map<Facts, long[]> counts = new LinkedHashMap<>(); // values not admitted yet are, in the scan's order
        long read = 0;
        // Only what Facts reads: the embedded server holds a query's whole result in memory.
        Query query = new Query().cursorBatchSize(2000);
        FACT_FIELDS.forEach(query.fields()::include);
        try (Stream<Handoff> handoffs = mongo.stream(query, Handoff.class)) {
            for (var iterator = handoffs.iterator(); iterator.hasNext(); ) {
                counts.computeIfAbsent(facts(iterator.next()), f -> new long[1])[0]++;
                if (++read % 10_000 == 0 && !progress.test(read)) {
                    return -1;
                }
            }
        }
        String first = null;
        String last = null;
        for (Facts facts : counts.keySet()) {
            String day = facts.day().toString();
            first = first == null || day.compareTo(first) < 0 ? day : first;
            last = last == null || day.compareTo(last) > 0 ? day : last;
        }
        for (boolean monthly : new boolean[] {false, true}) {
            for (int mask = 0; mask < 16; mask++) {
                Map<String, Map<String, Long>> sums = new HashMap<>();
                for (Map.Entry<Facts, long[]> entry : counts.entrySet()) {
                    contribute(entry.getKey(), entry.getValue()[0], monthly, mask, sums);
                }
                List<Document> batch = new ArrayList<>(1000);
                for (Map.Entry<String, Map<String, Long>> entry : sums.entrySet()) {
                    batch.add(nested(prefix + entry.getKey(), entry.getValue()));
                    if (batch.size() == 1000) {
                        collection().insertMany(batch);
                        batch = new ArrayList<>(1000);
                    }
                }
                if (!batch.isEmpty()) {
                    collection().insertMany(batch);
                }
                if (!progress.test(read)) {
                    return -1;
                }
            }
        }
        if (first != null) {
            collection()
                    .insertOne(new Document("_id", prefix + BOUNDS)
                            .append("first", first)
                            .append("last", last));
        }
        return read;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generations

    static final String GENERATION = "rollup-generation";

    /**
     * Which documents are the rollups: generation 0 has plain ids (as rollups had before generations), generation n
     * the prefix "n:". The pointer is one document of {@value RebuildLock#COLLECTION}.
     */
    record Generation(long number) {

        String prefix() {
            return number == 0 ? "" : number + ":";
        }

        Generation next() {
            return new Generation(number + 1);
        }

        /** The ids of this generation's documents (markers are no generation's). */
        org.bson.conversions.Bson ids() {
            return number == 0
                    ? Filters.or(Filters.regex("_id", "^[DM]"), Filters.eq("_id", BOUNDS))
                    : Filters.regex("_id", "^" + number + ":");
        }
    }

    Generation generation() {
        Document pointer = state().find(Filters.eq("_id", GENERATION)).first();
        return new Generation(pointer == null ? 0 : ((Number) pointer.get("n")).longValue());
    }

    /** Makes {@code next} the generation every instance reads and writes, in one update. */
    private void switchTo(Generation current, Generation next) {
        if (current.number() == 0) {
            state().updateOne(
                            Filters.eq("_id", GENERATION),
                            new Document("$set", new Document("n", next.number())),
                            new UpdateOptions().upsert(true));
        } else {
            long switched = state().updateOne(
                            Filters.and(Filters.eq("_id", GENERATION), Filters.eq("n", current.number())),
                            new Document("$set", new Document("n", next.number())))
                    .getModifiedCount();
            if (switched != 1) {
                throw new IllegalStateException("the rollup generation changed during the rebuild");
            }
        }
    }

    private void deleteGeneration(Generation generation) {
        collection().deleteMany(generation.ids());
    }

    private MongoCollection<Document> state() {
        return mongo.getCollection(RebuildLock.COLLECTION);
    }

    /** The document for dotted paths and their sums, dropping zeros. */
    static Document nested(String id, Map<String, Long> paths) {
        Document root = new Document("_id", id);
        new TreeMap<>(paths).forEach((path, value) -> {
            if (value == 0) {
                return;
            }
            String[] parts = path.split("\\.");
            Document at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Document next = at.get(parts[i], Document.class);
                if (next == null) {
                    next = new Document();
                    at.put(parts[i], next);
                }
                at = next;
            }
            at.put(parts[parts.length - 1], value);
        });
        return root;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }
}
