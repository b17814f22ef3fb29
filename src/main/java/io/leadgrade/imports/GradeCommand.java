package io.leadgrade.imports;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.RulesetFiles;
import io.leadgrade.grading.RulesetReplay;
import io.leadgrade.system.Csv;
import io.leadgrade.system.InvalidRequestException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code leadgrade grade <rules-folder> <file> --mapping=<mapping.yml>}: grades a CSV or JSON-lines
 * file offline (no server, no database) with a rules folder and an import mapping, and writes the file's columns
 * plus the grading as CSV on stdout. Rows that cannot be read or mapped keep their columns with the reason in
 * {@code error}. Progress goes to stderr.
 */
public final class GradeCommand {

    static final List<String> GRADING = List.of(
            "grade",
            "fit",
            "engagement",
            "fitScore",
            "engagementScore",
            "tier",
            "mql",
            "rulesetVersion",
            "rules",
            "error");

    private GradeCommand() {}

    /** Exit code 0 when graded, 1 when the rules or the mapping fail, 2 for an unreadable file. */
    public static int run(Path rulesFolder, Path file, Path mappingFile, PrintStream out, PrintStream err) {
        ImportMapping mapping;
        RulesetFiles files;
        Map<String, LookupTable> tables;
        try {
            files = RulesetFiles.read(rulesFolder);
            mapping = ImportMapping.parse(Files.readString(mappingFile)).leadsOnly("grade");
            tables = LookupTable.readFiles(mapping, mappingFile.toAbsolutePath().getParent(), "command line");
        } catch (InvalidRequestException e) {
            e.problems()
                    .forEach(problem -> err.println(mappingFile + ": " + problem.field() + " " + problem.message()));
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (!Files.isReadable(file)) {
            err.println(file + " cannot be read");
            return 2;
        }
        try (RulesetReplay rules = RulesetReplay.offline(files);
                ValidatorFactory validation = Validation.buildDefaultValidatorFactory();
                RowSource source = new RowSource(file, mapping)) {
            Validator validator = validation.getValidator();
            LeadRows rows = new LeadRows(mapping, validator, tables);
            List<String> columns = new ArrayList<>(source.columns());
            List<RowSource.Row> batch = new ArrayList<>();
            boolean header = !columns.isEmpty();
            if (header) {
                List<Object> names = new ArrayList<>(columns);
                names.addAll(GRADING);
                out.print(Csv.line(names));
            }
            long graded = 0;
            RowSource.Row row;
            while ((row = source.next()) != null) {
                if (!header) { // JSON lines: the first row's fields name the columns
                    columns.addAll(new LinkedHashSet<>(row.values().keySet()));
                    List<Object> names = new ArrayList<>(columns);
                    names.addAll(GRADING);
                    out.print(Csv.line(names));
                    header = true;
                }
                batch.add(row);
                if (batch.size() == 1000) {
                    graded += write(batch, columns, rows, rules, out, err);
                    err.println("graded " + graded + " rows");
                    batch.clear();
                }
            }
            graded += write(batch, columns, rows, rules, out, err);
            err.println("graded " + graded + " rows with ruleset " + rules.version());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        } catch (CsvReader.MalformedCsvException | UncheckedIOException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
    }

    private static long write(
            List<RowSource.Row> batch,
            List<String> columns,
            LeadRows rows,
            RulesetReplay rules,
            PrintStream out,
            PrintStream err) {
        List<LeadData> leads = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (RowSource.Row row : batch) {
            if (row.error() != null) {
                errors.add("the row " + row.error());
                leads.add(null);
                continue;
            }
            LeadRows.Mapped mapped = rows.map(row.line(), row.values());
            if (mapped.lead() == null) {
                errors.add(mapped.errors().stream()
                        .map(error -> error.reason() + (error.value() == null ? "" : " (" + error.value() + ")"))
                        .collect(Collectors.joining("; ")));
                leads.add(null);
            } else {
                errors.add(null);
                // Graded without what it could not read (an unknown country): said on stderr, line and column.
                mapped.warnings()
                        .forEach(warning -> err.println("line " + warning.line() + ", column " + warning.column() + ": "
                                + warning.value() + ": " + warning.reason()));
                leads.add(mapped.lead().toLeadData());
            }
        }
        List<LeadData> valid = leads.stream().filter(lead -> lead != null).toList();
        List<Grading> gradings = valid.isEmpty() ? List.of() : rules.gradeAll(valid);
        int next = 0;
        long graded = 0;
        for (int i = 0; i < batch.size(); i++) {
            Map<String, String> values = batch.get(i).values();
            List<Object> cells = new ArrayList<>();
            columns.forEach(column -> cells.add(values.get(column)));
            if (leads.get(i) == null) {
                for (int k = 0; k < GRADING.size() - 1; k++) {
                    cells.add(null);
                }
                cells.add(errors.get(i));
            } else {
                Grading grading = gradings.get(next++);
                Grade grade = grading.primary();
                cells.add(grade.grade());
                cells.add(grade.fit());
                cells.add(grade.engagement());
                cells.add(grade.fitScore());
                cells.add(grade.engagementScore());
                cells.add(grade.tier());
                cells.add(grade.mql());
                cells.add(grading.rulesetVersion());
                cells.add(grade.pointsSummary());
                cells.add(null);
                graded++;
            }
            out.print(Csv.line(cells));
        }
        return graded;
    }
}
