package io.leadgrade.imports;

import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobService;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Starts imports: keeps the file in the import folder (the job deletes it when done), records the import with its
 * mapping, and starts its job. The API, the {@code import} command and the demo data all start imports here.
 */
@Service
public class Imports {

    /** A started import and its job. */
    public record Started(String id, Job job) {}

    private final MongoTemplate mongo;
    private final JobService jobs;
    private final Clock clock;
    private final Path folder;

    Imports(
            MongoTemplate mongo,
            JobService jobs,
            Clock clock,
            @Value("${leadgrade.imports.folder:./data/imports}") Path folder) {
        this.mongo = mongo;
        this.jobs = jobs;
        this.clock = clock;
        this.folder = folder;
    }

    /**
     * Copies {@code body} into the import folder and starts the import of it with the mapping; null when the body
     * is empty (nothing is started). A wrong mapping throws the exception that names every wrong setting.
     */
    public Started start(String mappingName, String yaml, InputStream body, String fileName, String by) {
        tables(ImportMapping.parse(yaml));
        String id = new ObjectId().toHexString();
        Path file = folder.resolve(id + ".data");
        try {
            Files.createDirectories(folder);
            Files.copy(body, file);
            if (Files.size(file) == 0) {
                Files.delete(file);
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mongo.insert(new ImportRun(
                id,
                fileName,
                mappingName,
                yaml,
                file.toAbsolutePath().toString(),
                by,
                clock.instant(),
                null,
                0,
                0,
                0,
                0,
                0,
                0));
        Job job = jobs.start(ImportJob.TYPE, Map.of("import", id));
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id)), new Update().set("jobId", job.id()), ImportRun.class);
        return new Started(id, job);
    }

    /** Stores a lookup table (replacing one of the same name). */
    void saveTable(LookupTable table) {
        mongo.save(table);
    }

    /** The lookup tables a mapping names; a 400-style exception names each one not stored. */
    Map<String, LookupTable> tables(ImportMapping mapping) {
        Map<String, LookupTable> tables = new java.util.LinkedHashMap<>();
        List<FieldProblem> missing = new java.util.ArrayList<>();
        mapping.lookups().keySet().forEach(name -> {
            LookupTable table = mongo.findById(name, LookupTable.class);
            if (table == null) {
                missing.add(new FieldProblem(
                        "mapping.lookups." + name,
                        "no lookup table is stored under this name; send it with PUT /api/imports/lookups/" + name,
                        null));
            } else {
                tables.put(name, table);
            }
        });
        if (!missing.isEmpty()) {
            throw new InvalidRequestException(missing);
        }
        return tables;
    }

    /** The import's counts so far (null when there is no such import), read after its job. */
    public Map<String, Object> state(String id) {
        ImportRun run = mongo.findById(id, ImportRun.class);
        if (run == null) {
            return null;
        }
        // The job before the counts: counts are written before the job ends, so a finished job is never shown with
        // the counts of a moment before (reading them first did that, now and then).
        Job job = run.jobId() == null ? null : jobs.get(run.jobId());
        ImportRun counts = job == null ? run : mongo.findById(id, ImportRun.class);
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("import", counts);
        // Values rows went in without (an unknown country), each with its line in GET /api/imports/{id}/warnings.csv.
        view.put(
                "warnings",
                mongo.count(
                        Query.query(
                                Criteria.where("importId").is(id).and("level").is(ImportError.WARNING)),
                        ImportError.class));
        view.put("job", job == null ? null : io.leadgrade.jobs.JobView.of(job));
        return view;
    }
}
