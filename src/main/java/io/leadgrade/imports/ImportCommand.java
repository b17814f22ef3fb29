package io.leadgrade.imports;

import io.leadgrade.jobs.JobStatus;
import io.leadgrade.jobs.JobView;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code leadgrade import <file> --mapping=<yml>} from the command line, into the configured store: the same import job as
 * {@code POST /api/imports}, followed with progress on stderr; the import's counts and the job's closing message as
 * JSON on stdout. Bad rows are reported as they are by the API, in {@code import_errors} (and
 * {@code GET /api/imports/{id}/errors.csv} once the service runs).
 */
public final class ImportCommand {

    private ImportCommand() {}

    /** Checks the arguments before the store is opened: null when usable, else the message for stderr. */
    public static String check(Path file, Path mapping) {
        if (!Files.isRegularFile(file)) {
            return "No such file: " + file;
        }
        if (mapping == null) {
            return "--mapping=<mapping.yml> is required";
        }
        if (!Files.isRegularFile(mapping)) {
            return "No such mapping file: " + mapping;
        }
        try {
            ImportMapping parsed = ImportMapping.parse(Files.readString(mapping));
            LookupTable.readFiles(parsed, mapping.toAbsolutePath().getParent(), "command line");
            return null;
        } catch (InvalidRequestException e) {
            StringBuilder problems = new StringBuilder("The mapping " + mapping + " is not usable:");
            for (FieldProblem problem : e.problems()) {
                problems.append("\n  ").append(problem.field()).append(": ").append(problem.message());
            }
            return problems.toString();
        } catch (IOException | RuntimeException e) {
            return "Cannot read " + mapping + ": " + e.getMessage();
        }
    }

    /** Runs the import and waits for it; the exit code. */
    public static int run(
            ConfigurableApplicationContext context, Path file, Path mapping, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        String name = mapping.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Imports imports = context.getBean(Imports.class);
        // The mapping's lookup tables go into the store, as PUT /api/imports/lookups/{name} would put them.
        LookupTable.readFiles(
                        ImportMapping.parse(Files.readString(mapping)),
                        mapping.toAbsolutePath().getParent(),
                        "command line")
                .values()
                .forEach(imports::saveTable);
        Imports.Started started;
        try (InputStream body = Files.newInputStream(file)) {
            started = context.getBean(Imports.class)
                    .start(
                            name,
                            Files.readString(mapping),
                            body,
                            file.getFileName().toString(),
                            "command line");
        }
        if (started == null) {
            err.println("The file " + file + " is empty.");
            return 2;
        }
        return follow(context.getBean(Imports.class), started.id(), out, err);
    }

    /** Waits for an import's job, with progress on stderr, and prints its state; 0 when it completed, else 1. */
    public static int follow(Imports imports, String id, PrintStream out, PrintStream err) throws InterruptedException {
        long reported = -1;
        Map<String, Object> state;
        while (true) {
            state = imports.state(id);
            JobView job = (JobView) state.get("job");
            if (job.processed() != reported) {
                err.printf("import %s: %,d of %,d rows%n", id, job.processed(), job.total());
                reported = job.processed();
            }
            if (job.status() != JobStatus.RUNNING && job.status() != JobStatus.CANCEL_REQUESTED) {
                break;
            }
            Thread.sleep(500);
        }
        JobView job = (JobView) state.get("job");
        out.println(JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValueAsString(state));
        err.println(job.message());
        return job.status() == JobStatus.COMPLETED ? 0 : 1;
    }
}
