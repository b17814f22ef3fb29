package io.leadgrade.imports;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.csv.CsvFactory;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads CSV records one at a time in constant memory with Jackson's CSV parser (RFC 4180: quoted fields may hold the
 * delimiter, doubled quotes and line breaks; CRLF or LF), and knows the line each record started on, for error
 * reports. A field longer than {@value #MAX_FIELD} characters stops the file, so one unterminated quote cannot swallow
 * the whole file into memory.
 */
final class CsvReader {

    /** Longest field accepted. */
    static final int MAX_FIELD = 100_000;

    private static final CsvMapper MAPPER = new CsvMapper(CsvFactory.builder()
            .enable(CsvReadFeature.SKIP_EMPTY_LINES)
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxStringLength(MAX_FIELD).build())
            .build());

    private final JsonParser parser;
    private int recordLine;
    private int nextStart = 1;

    CsvReader(Reader in, char delimiter) {
        this.parser = MAPPER.reader(CsvSchema.emptySchema().withColumnSeparator(delimiter))
                .createParser(in);
    }

    /** The line the last record returned started on (1-based). */
    int recordLine() {
        return recordLine;
    }

    /** The next record's fields, or null at the end. */
    List<String> next() {
        // Where the record in progress starts: after the previous record's end, then exactly at its first field.
        int starts = nextStart;
        try {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            for (token = parser.nextToken();
                    token != JsonToken.END_ARRAY && token != null;
                    token = parser.nextToken()) {
                if (fields.isEmpty()) {
                    // The parser places the row's array token before the row: its first field is where it starts.
                    starts = line(parser.currentTokenLocation());
                }
                fields.add(parser.getString());
            }
            recordLine = starts;
            nextStart = line(parser.currentLocation());
            return fields;
        } catch (JacksonException unreadable) {
            throw new MalformedCsvException(starts, reason(unreadable));
        }
    }

    private static int line(TokenStreamLocation location) {
        return Math.max(1, location.getLineNr());
    }

    private static String reason(JacksonException unreadable) {
        String message = unreadable.getOriginalMessage();
        if (message.contains("maximum allowed") || message.contains("exceeds")) {
            return "a field is longer than " + MAX_FIELD + " characters (an unclosed quote?)";
        }
        if (message.toLowerCase(java.util.Locale.ROOT).contains("quote")) {
            return "a quoted field is not closed before the end";
        }
        return message;
    }

    /** The first line's most frequent candidate delimiter: comma, semicolon, tab or pipe. */
    static char detectDelimiter(String headerLine) {
        char best = ',';
        long bestCount = 0;
        for (char candidate : new char[] {',', ';', '\t', '|'}) {
            long count = headerLine.chars().filter(ch -> ch == candidate).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }

    /** The file cannot be read as CSV from this line on. */
    static final class MalformedCsvException extends RuntimeException {

        final int line;

        MalformedCsvException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }
    }
}
