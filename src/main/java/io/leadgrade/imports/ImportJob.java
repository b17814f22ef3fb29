package io.leadgrade.imports;

import io.leadgrade.dispositions.DispositionService;
import io.leadgrade.handoff.HandoffService;
import io.leadgrade.handoff.PastHandoffRecorded;
import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobContext;
import io.leadgrade.jobs.JobHandler;
import io.leadgrade.leads.ActivityRequest;
import io.leadgrade.leads.ActivityResult;
import io.leadgrade.leads.ActivityService;
import io.leadgrade.leads.LeadImport;
import io.leadgrade.leads.LeadNotFoundException;
import io.leadgrade.leads.LeadRequest;
import io.leadgrade.leads.PastLead;
import io.leadgrade.leads.PastLeadRecorded;
import io.leadgrade.store.BulkWork;
import jakarta.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Runs an import: reads the file row by row in constant memory and maps each row onto a lead (or, for
 * {@code kind: activities}, an event). New leads are created a batch at a time, graded and announced as
 * {@code POST /api/leads} would (an MQL is handed off); rows that update a lead or carry its history go through the
 * API's own path, in file order. A row with errors is kept out and its errors written to {@code import_errors};
 * good rows go in. Every {@value #BATCH} rows the position and counts are written in one update of the import (the
 * checkpoint, which also commits the batch's deferred writes), so an import that is stopped or killed and started
 * again goes on from there; rows after the last checkpoint are done again, which changes nothing because leads are
 * keyed by their external id and events by their event id.
 */
@Component
class ImportJob implements JobHandler {

    static final String TYPE = "IMPORT";
    static final int BATCH = 500;

    private final MongoTemplate mongo;
    private final LeadImport leads;
    private final HandoffService handoffs;
    private final DispositionService dispositions;
    private final Validator validator;
    private final Imports imports;
    private final ActivityService activities;
    private final ApplicationEventPublisher events;
    private final BulkWork bulk;
    private final Clock clock;

    ImportJob(
            MongoTemplate mongo,
            LeadImport leads,
            HandoffService handoffs,
            DispositionService dispositions,
            Validator validator,
            @org.springframework.context.annotation.Lazy Imports imports,
            ActivityService activities,
            ApplicationEventPublisher events,
            BulkWork bulk,
            Clock clock) {
        this.mongo = mongo;
        this.leads = leads;
        this.handoffs = handoffs;
        this.dispositions = dispositions;
        this.validator = validator;
        this.imports = imports;
        this.activities = activities;
        this.events = events;
        this.bulk = bulk;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public long total(Job job) {
        ImportRun run = run(job);
        long rows = 0;
        try (RowSource source = new RowSource(Path.of(run.path()), ImportMapping.parse(run.mapping()))) {
            while (source.next() != null) {
                rows++;
            }
        } catch (RuntimeException unreadable) {
            // The job itself reports what is wrong with the file, with its line.
        }
        return rows;
    }

    @Override
    public String run(Job job, JobContext context) {
        ImportRun run = run(job);
        if (!Files.exists(Path.of(run.path()))) {
            throw new IllegalStateException("the import file " + run.path()
                    + " is not on this instance's disk; start the import again where it was sent");
        }
        ImportMapping mapping = ImportMapping.parse(run.mapping());
        Map<String, LookupTable> tables = imports.tables(mapping);
        LeadRows rows = new LeadRows(mapping, validator, tables);
        long done = run.rows();
        // The import as its last checkpoint left it: its counts for the summary, without reading it again.
        AtomicReference<ImportRun> latest = new AtomicReference<>(run);
        try (RowSource source = new RowSource(Path.of(run.path()), mapping)) {
            List<String> columns = LeadRows.columns(source.columns(), tables);
            List<String> named = new ArrayList<>(mapping.columns().values());
            mapping.lookups().values().forEach(lookup -> named.add(lookup.on()));
            List<String> missing = named.stream()
                    .filter(column -> mapping.format().equals("csv") && !columns.contains(column))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the file has no column " + String.join(", ", missing)
                        + " that the mapping names; its columns are " + String.join(", ", columns));
            }
            List<RowSource.Row> batch = new ArrayList<>(BATCH);
            RowSource.Row row;
            while ((row = source.next()) != null) {
                if (row.index() <= done) {
                    continue; // done before a stop or a crash
                }
                batch.add(row);
                if (batch.size() == BATCH) {
                    if (!importBatch(latest, batch, rows, context)) {
                        return "stopped at row " + row.index();
                    }
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                importBatch(latest, batch, rows, context);
            }
        }
        try {
            Files.deleteIfExists(Path.of(run.path())); // done: the file is not needed again
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ImportRun finished = latest.get();
        events.publishEvent(new ImportFinished(
                finished.id(), finished.rows(), finished.created(), finished.failed(), finished.outcomes()));
        return finished.rows() + " rows: " + finished.created() + " leads created, " + finished.updated() + " updated, "
                + finished.unchanged() + " unchanged, " + finished.failed() + " rows with errors, "
                + finished.outcomes()
                + " handoffs or outcomes from the source";
    }

    /**
     * What rows did, counted by kind: leads (or events) created, updated, unchanged, rows kept out, handoffs or
     * outcomes from the source, and rows that wrote anything.
     */
    record Counts(long created, long updated, long unchanged, long failed, long outcomes, long writes) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
        static final Counts FAILED = new Counts(0, 0, 0, 1, 0, 0);

        static Counts ofCreated(long n) {
            return new Counts(n, 0, 0, 0, 0, n);
        }

        static Counts ofUpdated() {
            return new Counts(0, 1, 0, 0, 0, 1);
        }

        static Counts ofUnchanged(long n) {
            return new Counts(0, 0, n, 0, 0, 0);
        }

        Counts plus(Counts other) {
            return new Counts(
                    created + other.created,
                    updated + other.updated,
                    unchanged + other.unchanged,
                    failed + other.failed,
                    outcomes + other.outcomes,
                    writes + other.writes);
        }
    }

    /**
     * Imports a batch of rows, then records the position after it and its counts (the checkpoint). New leads that
     * appear once in the batch without history are created together ({@link LeadImport#createAll}); rows with a
     * past outcome are recorded as history, a batch at a time ({@link #importHistory}); the other rows (updates,
     * repeats of an external id) go one by one, in file order. The batch's writes are deferred and reach the disk
     * with the checkpoint.
     */
    private boolean importBatch(
            AtomicReference<ImportRun> latest, List<RowSource.Row> batch, LeadRows rows, JobContext context) {
        String importId = latest.get().id();
        List<ImportError> errors = new ArrayList<>();
        if (rows.activities()) {
            Counts counts = bulk.run(() -> importActivities(importId, batch, rows, errors));
            return flush(latest, batch.get(batch.size() - 1).index(), counts, errors, context, batch.size());
        }
        Counts counts = bulk.run(() -> {
            Counts done = Counts.NONE;
            List<LeadRows.Mapped> mapped = new ArrayList<>(batch.size());
            Map<String, Integer> seen = new HashMap<>();
            for (RowSource.Row row : batch) {
                LeadRows.Mapped one = map(importId, row, rows, errors);
                mapped.add(one);
                done = one == null ? done.plus(Counts.FAILED) : done;
                if (one != null) {
                    seen.merge(one.lead().externalId(), 1, Integer::sum);
                }
            }
            List<LeadRequest> simple = new ArrayList<>();
            List<LeadRows.Mapped> history = new ArrayList<>();
            for (LeadRows.Mapped one : mapped) {
                if (one != null && seen.get(one.lead().externalId()) == 1) {
                    if (one.outcome() == null) {
                        simple.add(one.lead());
                    } else {
                        history.add(one);
                    }
                }
            }
            Set<String> created = simple.isEmpty() ? Set.of() : leads.createAll(simple);
            done = done.plus(Counts.ofCreated(created.size()));
            Set<String> recorded = new HashSet<>();
            history.forEach(one -> recorded.add(one.lead().externalId()));
            done = done.plus(importHistory(history));
            for (int i = 0; i < batch.size(); i++) {
                LeadRows.Mapped one = mapped.get(i);
                if (one == null
                        || created.contains(one.lead().externalId())
                        || recorded.contains(one.lead().externalId())) {
                    continue;
                }
                if (one.outcome() != null) {
                    done = done.plus(importHistoryRow(importId, batch.get(i), one, errors));
                } else {
                    done = done.plus(importRow(importId, batch.get(i), one, errors));
                }
            }
            return done;
        });
        return flush(latest, batch.get(batch.size() - 1).index(), counts, errors, context, batch.size());
    }

    /**
     * Rows of another system's history, recorded as of their own dates, each module its own part in one write for
     * the whole list: the leads (created and graded as of their handoff), the handoffs (to the reps the source
     * names, no routing slot taken, nothing published), the dispositions.
     */
    private Counts importHistory(List<LeadRows.Mapped> history) {
        if (history.isEmpty()) {
            return Counts.NONE;
        }
        Instant now = clock.instant();
        List<PastLead> past = history.stream()
                .map(one -> new PastLead(one.lead(), one.outcome().past(now)))
                .toList();
        List<PastLeadRecorded> stored = leads.recordPast(past);
        Map<String, PastHandoffRecorded> handedOff =
                handoffs.recordPast(stored.stream().filter(Objects::nonNull).toList());
        Set<String> closed = dispositions.recordPast(handedOff.values());
        Counts counts = Counts.NONE;
        for (int i = 0; i < history.size(); i++) {
            PastLeadRecorded lead = stored.get(i);
            if (lead == null) {
                // Raced by another writer: done again through the stored lead on the next run.
                counts = counts.plus(Counts.FAILED);
                continue;
            }
            PastHandoffRecorded recorded = handedOff.get(lead.lead().getId());
            boolean outcome = recorded != null
                    && (recorded.written() || closed.contains(recorded.handoff().id()));
            boolean wrote = lead.changed() || outcome;
            counts = counts.plus(new Counts(
                    lead.created() ? 1 : 0,
                    !lead.created() && wrote ? 1 : 0,
                    !lead.created() && !wrote ? 1 : 0,
                    0,
                    outcome ? 1 : 0,
                    wrote ? 1 : 0));
        }
        return counts;
    }

    /** A history row whose lead appears more than once in its batch: recorded alone, in file order. */
    private Counts importHistoryRow(
            String importId, RowSource.Row row, LeadRows.Mapped mapped, List<ImportError> errors) {
        try {
            return importHistory(List.of(mapped));
        } catch (RuntimeException e) {
            errors.add(ImportError.of(
                    importId, new LeadRows.RowError(row.line(), null, null, "not stored: " + e.getMessage())));
            return Counts.FAILED;
        }
    }

    /** When the source handed the lead off: its handoff date, else its outcome's date, else now. */
    /**
     * An activity import's batch: each row an event of the lead it names, recorded as {@code POST
     * /api/leads/{id}/activities} would (an event id seen before for the lead counts once). Events are sent per lead;
     * when a lead's events are refused, each is tried alone so the error lands on its own row. Counts: created =
     * events recorded, unchanged = events already recorded, failed = rows kept out.
     */
    private Counts importActivities(
            String importId, List<RowSource.Row> batch, LeadRows rows, List<ImportError> errors) {
        Counts counts = Counts.NONE;
        Map<String, List<RowSource.Row>> rowsByLead = new java.util.LinkedHashMap<>();
        Map<RowSource.Row, ActivityRequest> events = new HashMap<>();
        for (RowSource.Row row : batch) {
            if (row.error() != null) {
                counts = counts.plus(Counts.FAILED);
                errors.add(ImportError.of(
                        importId, new LeadRows.RowError(row.line(), null, null, "the row " + row.error())));
                continue;
            }
            LeadRows.MappedActivity mapped = rows.mapActivity(row.line(), row.values());
            if (mapped.activity() == null) {
                counts = counts.plus(Counts.FAILED);
                mapped.errors().forEach(error -> errors.add(ImportError.of(importId, error)));
                continue;
            }
            events.put(row, mapped.activity());
            rowsByLead
                    .computeIfAbsent(mapped.activity().leadExternalId(), lead -> new ArrayList<>())
                    .add(row);
        }
        for (Map.Entry<String, List<RowSource.Row>> lead : rowsByLead.entrySet()) {
            List<ActivityRequest> ofLead =
                    lead.getValue().stream().map(events::get).toList();
            try {
                ActivityResult result = activities.record(lead.getKey(), ofLead);
                counts = counts.plus(Counts.ofCreated(result.recorded()))
                        .plus(Counts.ofUnchanged(result.duplicates().size()));
            } catch (RuntimeException refused) {
                for (RowSource.Row row : lead.getValue()) {
                    try {
                        ActivityResult result = activities.record(lead.getKey(), List.of(events.get(row)));
                        counts = counts.plus(Counts.ofCreated(result.recorded()))
                                .plus(Counts.ofUnchanged(result.duplicates().size()));
                    } catch (io.leadgrade.system.InvalidRequestException e) {
                        counts = counts.plus(Counts.FAILED);
                        e.problems()
                                .forEach(problem -> errors.add(ImportError.of(
                                        importId,
                                        new LeadRows.RowError(
                                                row.line(),
                                                rows.column(problem.field()),
                                                problem.rejectedValue() == null
                                                        ? null
                                                        : String.valueOf(problem.rejectedValue()),
                                                problem.field() + " " + problem.message()))));
                    } catch (LeadNotFoundException e) {
                        counts = counts.plus(Counts.FAILED);
                        errors.add(ImportError.of(
                                importId,
                                new LeadRows.RowError(
                                        row.line(),
                                        rows.column("leadExternalId"),
                                        lead.getKey(),
                                        "no lead has this external id: import the leads first")));
                    }
                }
            }
        }
        return counts;
    }

    /** A row's lead, or null when the row has errors (noted). */
    private static LeadRows.Mapped map(String importId, RowSource.Row row, LeadRows rows, List<ImportError> errors) {
        if (row.error() != null) {
            errors.add(
                    ImportError.of(importId, new LeadRows.RowError(row.line(), null, null, "the row " + row.error())));
            return null;
        }
        LeadRows.Mapped mapped = rows.map(row.line(), row.values());
        if (mapped.lead() == null) {
            mapped.errors().forEach(error -> errors.add(ImportError.of(importId, error)));
            return null;
        }
        mapped.warnings().forEach(warning -> errors.add(ImportError.warning(importId, warning)));
        return mapped;
    }

    /** Imports one mapped row (no history) through the same path as the API. */
    private Counts importRow(String importId, RowSource.Row row, LeadRows.Mapped mapped, List<ImportError> errors) {
        try {
            return switch (leads.importOne(mapped.lead())) {
                case CREATED -> Counts.ofCreated(1);
                case UPDATED -> Counts.ofUpdated();
                case UNCHANGED -> Counts.ofUnchanged(1);
            };
        } catch (RuntimeException e) {
            errors.add(ImportError.of(
                    importId, new LeadRows.RowError(row.line(), null, null, "not stored: " + e.getMessage())));
            return Counts.FAILED;
        }
    }

    private boolean flush(
            AtomicReference<ImportRun> latest,
            long position,
            Counts counts,
            List<ImportError> errors,
            JobContext context,
            long inBatch) {
        for (ImportError error : errors) {
            mongo.save(error); // keyed by import, line and column: a row done again is reported once
        }
        ImportRun updated = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(latest.get().id())),
                new Update()
                        .set("rows", position)
                        .inc("created", counts.created())
                        .inc("updated", counts.updated())
                        .inc("unchanged", counts.unchanged())
                        .inc("failed", counts.failed())
                        .inc("outcomes", counts.outcomes()),
                FindAndModifyOptions.options().returnNew(true),
                ImportRun.class);
        if (updated != null) {
            latest.set(updated);
        }
        return context.checkpoint(inBatch, counts.writes(), String.valueOf(position));
    }

    private ImportRun run(Job job) {
        ImportRun run = mongo.findById(job.parameters().get("import"), ImportRun.class);
        if (run == null) {
            throw new IllegalStateException("import " + job.parameters().get("import") + " is gone");
        }
        return run;
    }
}
