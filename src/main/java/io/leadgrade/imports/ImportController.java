package io.leadgrade.imports;

import io.leadgrade.dispositions.DispositionService;
import io.leadgrade.jobs.JobView;
import io.leadgrade.security.Actors;
import io.leadgrade.security.AuditLog;
import io.leadgrade.system.Csv;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk import of leads: store a mapping once ({@code PUT /api/imports/mappings/{name}}, YAML), then send files with
 * {@code POST /api/imports?mapping=name} (the file as the body: CSV or JSON lines, streamed to disk). The import
 * runs as a background job; {@code GET /api/imports/{id}} has its counts, {@code /errors.csv} every row kept
 * out, with line, column, value and reason, and {@code /warnings.csv} every value a row went in without.
 */
@RestController
@RequestMapping("/api/imports")
class ImportController {

    static final String ROLES = "hasAnyRole('INGEST','MARKETING_OPS')";

    /** A stored mapping. */
    @Document("import_mappings")
    record StoredMapping(String id, String yaml, String by, Instant at) {}

    private final MongoTemplate mongo;
    private final DispositionService dispositions;
    private final Imports imports;
    private final AuditLog audit;
    private final Clock clock;

    ImportController(
            MongoTemplate mongo, DispositionService dispositions, Imports imports, AuditLog audit, Clock clock) {
        this.mongo = mongo;
        this.dispositions = dispositions;
        this.imports = imports;
        this.audit = audit;
        this.clock = clock;
    }

    /** Checks and stores a mapping; 400 names every wrong setting. */
    @PreAuthorize(ROLES)
    @PutMapping(value = "/mappings/{name}", consumes = MediaType.ALL_VALUE)
    StoredMapping putMapping(@PathVariable String name, @RequestBody String yaml) {
        if (!name.matches(ImportMapping.TABLE_NAME)) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("name", "must be letters, digits, '.', '_' or '-', at most 64", name)));
        }
        ImportMapping parsed = ImportMapping.parse(yaml);
        // A mapping that joins a table not stored would fail at its first import: say so now, naming the table.
        imports.tables(parsed);
        if (parsed.outcome() != null) {
            List<String> known =
                    dispositions.codes().stream().map(code -> code.code()).toList();
            List<FieldProblem> problems = new ArrayList<>();
            parsed.outcome().codes().forEach((value, code) -> {
                if (code != null && !known.contains(code)) {
                    problems.add(new FieldProblem(
                            "mapping.outcome.codes." + value, "must be one of " + String.join(", ", known), code));
                }
            });
            if (!problems.isEmpty()) {
                throw new InvalidRequestException(problems);
            }
        }
        return mongo.save(new StoredMapping(name, yaml, Actors.current(), clock.instant()));
    }

    @PreAuthorize(ROLES)
    @GetMapping("/mappings")
    List<StoredMapping> mappings() {
        return mongo.findAll(StoredMapping.class);
    }

    /** What a stored lookup table holds. */
    record TableSummary(String name, String key, List<String> columns, int rows, String by) {

        static TableSummary of(LookupTable table) {
            return new TableSummary(
                    table.name(), table.key(), table.columns(), table.rows().size(), table.by());
        }
    }

    /**
     * Stores a lookup table (CSV with a header; {@code key} names its key column, {@code encoding} its charset) for
     * mappings to join onto their rows; 400 names what is wrong.
     */
    @PreAuthorize(ROLES)
    @PutMapping(value = "/lookups/{name}", consumes = MediaType.ALL_VALUE)
    TableSummary putLookup(
            @PathVariable String name,
            @RequestParam String key,
            @RequestParam(defaultValue = "UTF-8") String encoding,
            HttpServletRequest request)
            throws IOException {
        if (!name.matches(ImportMapping.TABLE_NAME)) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("name", "must be letters, digits, '.', '_' or '-', at most 64", name)));
        }
        java.nio.charset.Charset charset;
        try {
            charset = java.nio.charset.Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(List.of(new FieldProblem(
                    "encoding", "is not an encoding Java knows (UTF-8, ISO-8859-1, windows-1252, ...)", encoding)));
        }
        LookupTable table;
        try (java.io.BufferedReader body =
                new java.io.BufferedReader(new java.io.InputStreamReader(request.getInputStream(), charset), 1 << 16)) {
            table = LookupTable.read(name, key, body, Actors.current());
        }
        imports.saveTable(table);
        audit.record(
                "IMPORT_LOOKUP_STORED",
                "lookup:" + name,
                Map.of("rows", table.rows().size()));
        return TableSummary.of(table);
    }

    @PreAuthorize(ROLES)
    @GetMapping("/lookups")
    List<TableSummary> lookups() {
        return mongo.findAll(LookupTable.class).stream().map(TableSummary::of).toList();
    }

    /** Stores the body as the import's file and starts the job; 202 with the import and its job. */
    @PreAuthorize(ROLES)
    @PostMapping(consumes = MediaType.ALL_VALUE)
    ResponseEntity<?> start(
            @RequestParam String mapping, @RequestParam(required = false) String fileName, HttpServletRequest request)
            throws IOException {
        StoredMapping stored = mongo.findById(mapping, StoredMapping.class);
        if (stored == null) {
            throw new InvalidRequestException(List.of(new FieldProblem(
                    "mapping",
                    "no stored mapping has this name; store it with PUT /api/imports/mappings/{name}",
                    mapping)));
        }
        Imports.Started started;
        try (InputStream body = request.getInputStream()) {
            started = imports.start(mapping, stored.yaml(), body, fileName, Actors.current());
        }
        if (started == null) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("body", "is empty: send the file as the request body", null)));
        }
        String id = started.id();
        JobView job = JobView.of(started.job());
        audit.record("IMPORT_STARTED", "import:" + id, Map.of("mapping", mapping, "job", job.id()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("job", job);
        return ResponseEntity.accepted()
                .location(URI.create("/api/imports/" + id))
                .body(body);
    }

    @PreAuthorize(ROLES)
    @GetMapping
    List<ImportRun> imports() {
        return mongo.find(
                new Query().with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(100), ImportRun.class);
    }

    /** The import's counts and its job (status, progress, closing message). */
    @PreAuthorize(ROLES)
    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id) {
        find(id);
        return imports.state(id);
    }

    /** Every row kept out: line, column, value, reason, in file order. */
    @PreAuthorize(ROLES)
    @GetMapping(value = "/{id}/errors.csv", produces = "text/csv")
    ResponseEntity<String> errors(@PathVariable String id) {
        // An error has no level (only warnings do): an equality the index serves, where "not a warning" would not.
        return report(id, "errors", Criteria.where("level").is(null), "reason");
    }

    /** Every value a row went in without (a country LeadGrade could not read): line, column, value, warning. */
    @PreAuthorize(ROLES)
    @GetMapping(value = "/{id}/warnings.csv", produces = "text/csv")
    ResponseEntity<String> warnings(@PathVariable String id) {
        return report(id, "warnings", Criteria.where("level").is(ImportError.WARNING), "warning");
    }

    private ResponseEntity<String> report(String id, String name, Criteria level, String reason) {
        find(id);
        StringBuilder csv = new StringBuilder(Csv.line(List.of("line", "column", "value", reason)));
        for (ImportError error : mongo.find(
                Query.query(Criteria.where("importId").is(id).andOperator(level))
                        .with(Sort.by("line", "_id")),
                ImportError.class)) {
            List<Object> cells = new ArrayList<>();
            cells.add(error.line());
            cells.add(error.column());
            cells.add(error.value());
            cells.add(error.reason());
            csv.append(Csv.line(cells));
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"import-" + id + "-" + name + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString());
    }

    private ImportRun find(String id) {
        ImportRun run = mongo.findById(id, ImportRun.class);
        if (run == null) {
            throw Problems.notFound("import", id);
        }
        return run;
    }
}
