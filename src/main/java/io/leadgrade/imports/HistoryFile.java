package io.leadgrade.imports;

import io.leadgrade.grading.LeadData;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file of past leads with their outcomes, read offline (no store) with an import mapping and its {@code outcome}
 * section: the command-line backtest's input. Rows with errors are counted and skipped.
 */
public final class HistoryFile {

    /** One past lead: its profile, whether the source handed it off, and its disposition code (null: none yet). */
    public record Past(LeadData lead, boolean handedOff, String disposition) {}

    /** What was read: rows, rows skipped for errors. */
    public record Counts(long rows, long failed) {}

    private HistoryFile() {}

    /**
     * Reads the file in batches of {@code size}; a bad mapping throws the exception that names each wrong setting, a
     * mapping without an {@code outcome} section is refused the same way.
     */
    public static Counts read(Path file, Path mappingFile, int size, Consumer<List<Past>> sink) throws IOException {
        ImportMapping mapping =
                ImportMapping.parse(Files.readString(mappingFile)).leadsOnly("backtest");
        if (mapping.outcome() == null) {
            throw new io.leadgrade.system.InvalidRequestException(List.of(new io.leadgrade.system.FieldProblem(
                    "mapping.outcome",
                    "is needed to backtest: which column says what sales did, and with which codes",
                    null)));
        }
        var tables = LookupTable.readFiles(mapping, mappingFile.toAbsolutePath().getParent(), "command line");
        long rows = 0;
        long failed = 0;
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory();
                RowSource source = new RowSource(file, mapping)) {
            LeadRows leads = new LeadRows(mapping, validation.getValidator(), tables);
            List<Past> batch = new ArrayList<>(size);
            RowSource.Row row;
            while ((row = source.next()) != null) {
                rows++;
                LeadRows.Mapped mapped = row.error() == null ? leads.map(row.line(), row.values()) : null;
                if (mapped == null || mapped.lead() == null) {
                    failed++;
                    continue;
                }
                LeadRows.Outcome outcome = mapped.outcome();
                batch.add(
                        new Past(mapped.lead().toLeadData(), outcome != null, outcome == null ? null : outcome.code()));
                if (batch.size() == size) {
                    sink.accept(batch);
                    batch = new ArrayList<>(size);
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(batch);
            }
        }
        return new Counts(rows, failed);
    }
}
