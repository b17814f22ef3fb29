package io.leadgrade.support.queries;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Records the shape of every query the driver sends (find, update, delete, count, distinct, findAndModify, and an
 * aggregation's leading {@code $match} and {@code $sort}) to a file of this JVM under the folder that the environment
 * variable {@value #FOLDER_VARIABLE} names, one JSON line per distinct shape and origin (the code that sent it). Every application context of the test
 * JVM shares one recorder (child JVMs inherit the variable and write files of their own), so after the suite the folder
 * holds what the whole suite asked of the store: what {@code IndexCheckIT} compares with the indexes.
 */
public final class QueryShapeRecorder implements CommandListener {

    /** Set by the build for the unit-test run (pom.xml, surefire); unset, nothing is recorded. */
    static final String FOLDER_VARIABLE = "LEADGRADE_QUERY_SHAPES";

    private static final List<String> STAGES_BEFORE_SORT = List.of("$match", "$sort");

    /** An origin of this prefix is a test's own query. */
    static final String TEST_ORIGIN = "test:";

    private static final String APPLICATION = "io.leadgrade.";

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static volatile QueryShapeRecorder shared;

    private final Path file;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private QueryShapeRecorder(Path file) {
        this.file = file;
    }

    /** The recorder of this JVM, or null when the build did not ask for shapes. */
    static QueryShapeRecorder shared() {
        String folder = System.getenv(FOLDER_VARIABLE);
        if (folder == null || folder.isBlank()) {
            return null;
        }
        if (shared == null) {
            synchronized (QueryShapeRecorder.class) {
                if (shared == null) {
                    String pid = ManagementFactory.getRuntimeMXBean().getName().replaceAll("\\W", "-");
                    shared = new QueryShapeRecorder(Path.of(folder).resolve("shapes-" + pid + ".jsonl"));
                }
            }
        }
        return shared;
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        String name = event.getCommandName();
        String collection = collection(command, name);
        if (collection == null) {
            return;
        }
        switch (name) {
            case "find" -> record(QueryShape.of(collection, name, doc(command, "filter"), doc(command, "sort")));
            case "count", "distinct" -> record(QueryShape.of(collection, name, doc(command, "query"), null));
            case "findAndModify" ->
                record(QueryShape.of(collection, name, doc(command, "query"), doc(command, "sort")));
            case "update" -> statements(command, "updates", collection, name);
            case "delete" -> statements(command, "deletes", collection, name);
            case "aggregate" -> aggregate(command, collection);
            default -> {
                // inserts, getMore, index and admin commands: nothing an index serves
            }
        }
    }

    private void statements(BsonDocument command, String field, String collection, String name) {
        BsonValue statements = command.get(field);
        if (statements == null || !statements.isArray()) {
            return;
        }
        for (BsonValue statement : statements.asArray()) {
            record(QueryShape.of(collection, name, doc(statement.asDocument(), "q"), null));
        }
    }

    /** The leading $match and the $sort right after it (or leading): what an index can serve of a pipeline. */
    private void aggregate(BsonDocument command, String collection) {
        BsonValue pipeline = command.get("pipeline");
        if (pipeline == null || !pipeline.isArray()) {
            return;
        }
        BsonDocument match = null;
        BsonDocument sort = null;
        for (BsonValue stage : pipeline.asArray()) {
            String operator = stage.asDocument().getFirstKey();
            if (!STAGES_BEFORE_SORT.contains(operator) || sort != null) {
                break;
            }
            BsonDocument body = stage.asDocument().getDocument(operator);
            if (operator.equals("$match")) {
                if (match != null) {
                    break;
                }
                match = body;
            } else {
                sort = body;
            }
        }
        record(QueryShape.of(collection, "aggregate", match, sort));
    }

    /**
     * Where the query comes from: the first frame of LeadGrade's code on the stack ({@code leads.LeadService.find}),
     * prefixed with {@code test:} when that code is a test's own (cleaning up or looking into the store), which the
     * check leaves out: it is about what the application asks.
     */
    private static String origin() {
        return WALKER.walk(frames -> frames.filter(frame -> frame.getClassName().startsWith(APPLICATION))
                .filter(frame -> !frame.getClassName().startsWith(QueryShapeRecorder.class.getPackageName()))
                // A repository's proxy sits in its interface's package: the origin is who called it.
                .filter(frame -> !frame.getClassName().contains("$Proxy"))
                .findFirst()
                .map(frame -> (fromTests(frame.getDeclaringClass()) ? TEST_ORIGIN : "")
                        + frame.getClassName().substring(APPLICATION.length())
                        + "."
                        + frame.getMethodName())
                .orElse("driver"));
    }

    private static boolean fromTests(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source != null && source.getLocation().getPath().contains("test-classes");
    }

    private static String collection(BsonDocument command, String name) {
        BsonValue target = command.get(name);
        return target != null && target.isString() ? target.asString().getValue() : null;
    }

    private static BsonDocument doc(BsonDocument command, String field) {
        BsonValue value = command.get(field);
        return value != null && value.isDocument() ? value.asDocument() : null;
    }

    private void record(QueryShape shape) {
        Document json = new Document("origin", origin());
        json.putAll(Document.parse(shape.toJson()));
        String line = json.toJson();
        if (!seen.add(line)) {
            return;
        }
        synchronized (this) {
            try {
                Files.createDirectories(file.getParent());
                try (Writer out = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    out.write(line);
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not record a query shape in " + file, e);
            }
        }
    }
}
