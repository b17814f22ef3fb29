package io.leadgrade.imports;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records one at a time in constant memory (RFC 4180: quoted fields may hold the delimiter, doubled
 * quotes and line breaks; CRLF or LF). Knows the line each record started on, for error reports.
 */
final class CsvReader {

    /** Longest field accepted, so one unterminated quote cannot swallow the whole file into memory. */
    static final int MAX_FIELD = 100_000;

    private final Reader in;
    private final char delimiter;
    private int line = 1;
    private int recordLine;
    private int pending = -2;

    CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The line the last record returned started on (1-based). */
    int recordLine() {
        return recordLine;
    }

    /** The next record's fields, or null at the end. */
    List<String> next() {
        try {
            int c = read();
            while (c == '\r' || c == '\n') { // blank lines between records are skipped
                c = read();
            }
            if (c == -1) {
                return null;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        throw new MalformedCsvException(recordLine, "a quoted field is not closed before the end");
                    }
                    if (c == '"') {
                        int next = read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = next;
                            continue;
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\r' || c == '\n' || c == -1) {
                    if (c == '\r') {
                        int next = read();
                        if (next != '\n') {
                            pending = next;
                        }
                    }
                    fields.add(field.toString());
                    return fields;
                } else {
                    field.append((char) c);
                }
                if (field.length() > MAX_FIELD) {
                    throw new MalformedCsvException(
                            recordLine, "a field is longer than " + MAX_FIELD + " characters (an unclosed quote?)");
                }
                c = read();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int read() throws IOException {
        int c;
        if (pending != -2) {
            c = pending;
            pending = -2;
        } else {
            c = in.read();
        }
        if (c == '\n') {
            line++;
        }
        return c;
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
