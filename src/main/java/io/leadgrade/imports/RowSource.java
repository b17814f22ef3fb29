package io.leadgrade.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rows of an import file, one at a time: CSV with a header line (delimiter detected or given; a byte-order mark
 * skipped) or JSON lines (one object per line). A row that cannot be read becomes a row with an error, not the end
 * of the import; only a file that stops being CSV at all (an unclosed quote) ends it.
 */
final class RowSource implements AutoCloseable {

    /** One row: its line in the file, its values by column, or why it could not be read. */
    record Row(long index, long line, Map<String, String> values, String error) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ImportMapping mapping;
    private final BufferedReader reader;
    private CsvReader csv;
    private List<String> header;
    private long index;
    private long jsonLine;

    RowSource(Path file, ImportMapping mapping) {
        this.mapping = mapping;
        try {
            InputStream in = skipBom(Files.newInputStream(file));
            this.reader = new BufferedReader(
                    new InputStreamReader(
                            in,
                            mapping.encoding()
                                    .newDecoder()
                                    .onMalformedInput(CodingErrorAction.REPLACE)
                                    .onUnmappableCharacter(CodingErrorAction.REPLACE)),
                    1 << 16);
            if (mapping.format().equals("csv")) {
                reader.mark(1 << 16);
                String first = reader.readLine();
                reader.reset();
                char delimiter = mapping.delimiter() != null
                        ? mapping.delimiter()
                        : CsvReader.detectDelimiter(first == null ? "" : first);
                csv = new CsvReader(reader, delimiter);
                header = csv.next();
                if (header == null) {
                    throw new IllegalArgumentException("the file is empty: a CSV import needs a header line");
                }
                header = header.stream().map(String::strip).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV header's columns (empty for JSON lines). */
    List<String> columns() {
        return header == null ? List.of() : header;
    }

    /** The next row, or null at the end. */
    Row next() {
        try {
            return csv != null ? nextCsv() : nextJson();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Row nextCsv() {
        List<String> fields = csv.next();
        if (fields == null) {
            return null;
        }
        index++;
        long line = csv.recordLine();
        if (fields.size() != header.size()) {
            return new Row(
                    index,
                    line,
                    Map.of(),
                    "has " + fields.size() + " fields where the header has " + header.size()
                            + " (a stray delimiter or quote?)");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            values.put(header.get(i), fields.get(i));
        }
        return withEncodingCheck(new Row(index, line, values, null));
    }

    private Row nextJson() throws IOException {
        String text;
        do {
            text = reader.readLine();
            jsonLine++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        index++;
        try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                return new Row(index, jsonLine, Map.of(), "is not a JSON object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            node.properties()
                    .forEach(field -> values.put(
                            field.getKey(),
                            field.getValue().isNull()
                                    ? null
                                    : field.getValue().isValueNode()
                                            ? field.getValue().asString()
                                            : field.getValue().toString()));
            return withEncodingCheck(new Row(index, jsonLine, values, null));
        } catch (JacksonException e) {
            return new Row(index, jsonLine, Map.of(), "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Bytes the encoding cannot read show as U+FFFD: such a row is refused, naming the encoding. */
    private Row withEncodingCheck(Row row) {
        for (String value : row.values().values()) {
            if (value != null && value.indexOf('\uFFFD') >= 0) {
                return new Row(
                        row.index(),
                        row.line(),
                        Map.of(),
                        "holds bytes that are not " + mapping.encoding().name()
                                + " (set encoding: in the mapping, e.g. windows-1252)");
            }
        }
        return row;
    }

    private static InputStream skipBom(InputStream in) throws IOException {
        PushbackInputStream pushback = new PushbackInputStream(in, 3);
        byte[] bom = new byte[3];
        int read = pushback.readNBytes(bom, 0, 3);
        if (!(read == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
            if (read > 0) {
                pushback.unread(bom, 0, read);
            }
        }
        return pushback;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
