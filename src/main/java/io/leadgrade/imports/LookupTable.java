package io.leadgrade.imports;

import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A small table an import joins onto its rows, such as the accounts of a CRM export whose opportunities name only
 * the account: a CSV with a header, one row per key. A mapping's {@code lookups} section names the table, the import
 * file's column holding the key ({@code on}) and the table's key column; the table's other columns then read like
 * the file's own (the file's win on a clash), so {@code columns} and {@code attributes} can use them.
 */
@Document("import_lookups")
record LookupTable(@Id String name, String key, List<String> columns, List<List<String>> rows, String by) {

    static final int MAX_ROWS = 100_000;

    /** A table is stored as one document (at most 16 MB): its text may take 12 million characters. */
    static final long MAX_CHARS = 12_000_000;

    /** Reads a table (delimiter detected from its header); a 400-style exception names what is wrong. */
    static LookupTable read(String name, String key, BufferedReader in, String by) {
        try {
            in.mark(1 << 16);
            String first = in.readLine();
            in.reset();
            if (first == null || first.isBlank()) {
                throw problem("body", "is empty: send the table as CSV with a header line", null);
            }
            CsvReader csv = new CsvReader(in, CsvReader.detectDelimiter(first));
            List<String> header = csv.next().stream()
                    .map(column -> column.strip().replaceFirst("^\uFEFF", ""))
                    .toList();
            if (!header.contains(key)) {
                throw problem(
                        "key", "must be a column of the table; its columns are " + String.join(", ", header), key);
            }
            List<List<String>> rows = new ArrayList<>();
            List<String> fields;
            while ((fields = csv.next()) != null) {
                if (rows.size() == MAX_ROWS) {
                    throw problem(
                            "body", "has more than " + MAX_ROWS + " rows; a lookup table is held in memory", null);
                }
                rows.add(fields.stream().map(String::strip).toList());
            }
            return new LookupTable(name, key, header, rows, by);
        } catch (CsvReader.MalformedCsvException e) {
            throw problem("body", e.getMessage(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tables a mapping names, read from their files (relative to {@code folder}, the mapping's): the command
     * line's way; a 400-style exception names a missing or wrong file.
     */
    static Map<String, LookupTable> readFiles(ImportMapping mapping, java.nio.file.Path folder, String by) {
        Map<String, LookupTable> tables = new LinkedHashMap<>();
        for (Map.Entry<String, ImportMapping.Lookup> lookup : mapping.lookups().entrySet()) {
            java.nio.file.Path file = folder.resolve(lookup.getValue().file());
            String field = "mapping.lookups." + lookup.getKey() + ".file";
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw problem(
                        field,
                        "names no file (looked for " + file + ")",
                        lookup.getValue().file());
            }
            try (BufferedReader in = java.nio.file.Files.newBufferedReader(file, mapping.encoding())) {
                tables.put(
                        lookup.getKey(), read(lookup.getKey(), lookup.getValue().key(), in, by));
            } catch (InvalidRequestException e) {
                FieldProblem first = e.problems().get(0);
                throw problem(field, file + ": " + first.field() + " " + first.message(), first.rejectedValue());
            } catch (IOException e) {
                throw problem(
                        field,
                        "cannot be read: " + e.getMessage(),
                        lookup.getValue().file());
            }
        }
        return tables;
    }

    /** The table's rows by key, ready to join (the first row of a repeated key wins). */
    Map<String, Map<String, String>> byKey() {
        Map<String, Map<String, String>> index = new HashMap<>();
        int keyAt = columns.indexOf(key);
        for (List<String> row : rows) {
            if (keyAt < row.size() && !row.get(keyAt).isEmpty()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size() && i < row.size(); i++) {
                    if (i != keyAt) {
                        values.put(columns.get(i), row.get(i));
                    }
                }
                index.putIfAbsent(row.get(keyAt), values);
            }
        }
        return index;
    }

    private static InvalidRequestException problem(String field, String message, Object value) {
        return new InvalidRequestException(List.of(new FieldProblem(field, message, value)));
    }
}
