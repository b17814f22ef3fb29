package io.leadgrade.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grade}: a file graded offline with the rules folder, bad rows kept with their reason, and usage errors. */
class GradeCommandTests {

    @TempDir
    Path folder;

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return io.leadgrade.cli.LeadGradeCli.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void every_row_is_written_with_its_grade_or_the_reason_it_has_none() throws Exception {
        Path mapping = folder.resolve("m.yml");
        Files.writeString(
                mapping,
                "columns: {externalId: Id, title: Role, companySize: Size, industry: Industry, country: Country}\n");
        Path file = folder.resolve("leads.csv");
        Files.writeString(
                file,
                "Id,Role,Size,Industry,Country\n"
                        + "a,CMO,500,Software,US\n"
                        + "b,Student,5,Retail,US\n"
                        + "c,CMO,lots,Software,US\n");
        assertThat(run("grade", "rules", file.toString(), "--mapping=" + mapping))
                .as(err.toString())
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .isEqualTo("Id,Role,Size,Industry,Country,grade,fit,engagement,fitScore,engagementScore,tier,mql,"
                        + "rulesetVersion,rules,error");
        assertThat(lines.get(1)).startsWith("a,CMO,500,Software,US,A").contains("Executive title +30");
        assertThat(lines.get(2)).startsWith("b,Student,5,Retail,US,D").contains("Student or intern -40");
        assertThat(lines.get(3))
                .startsWith("c,CMO,lots,Software,US,,,")
                .endsWith("companySize must be a whole number (lots)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("graded 2 rows with ruleset");
    }

    /** The jar's entry point in a JVM of its own, as {@code java -jar leadgrade.jar grade ... > graded.csv} runs it. */
    @Test
    void stdout_of_the_jar_is_clean_csv_and_every_log_line_goes_to_stderr() throws Exception {
        Path mapping = Files.writeString(
                folder.resolve("m.yml"), "columns: {externalId: Id, title: Role, country: Country}\n");
        StringBuilder csv = new StringBuilder("Id,Role,Country\n");
        for (int i = 0; i < 50; i++) {
            csv.append("l")
                    .append(i)
                    .append(i % 2 == 0 ? ",\"VP, Marketing\"" : ",Intern")
                    .append(",US\n");
        }
        Path file = Files.writeString(folder.resolve("leads.csv"), csv);
        Path stdout = folder.resolve("graded.csv");
        Path stderr = folder.resolve("stderr.txt");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.leadgrade.cli.LeadGradeCli",
                        "grade",
                        "rules",
                        file.toString(),
                        "--mapping=" + mapping)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        assertThat(process.waitFor()).as(Files.readString(stderr)).isZero();

        List<List<String>> records = new ArrayList<>();
        try (java.io.Reader in = Files.newBufferedReader(stdout)) {
            CsvReader reader = new CsvReader(in, ',');
            List<String> record;
            while ((record = reader.next()) != null) {
                records.add(record);
            }
        }
        assertThat(records).as(Files.readString(stdout)).hasSize(51);
        assertThat(records.get(0))
                .startsWith("Id", "Role", "Country", "grade")
                .hasSize(3 + GradeCommand.GRADING.size());
        assertThat(records)
                .allSatisfy(record -> assertThat(record).hasSize(records.get(0).size()));
        assertThat(records.subList(1, 51))
                .allSatisfy(record -> assertThat(record.get(3)).matches("[A-D][1-4]"));
        assertThat(Files.readString(stderr)).contains("graded 50 rows with ruleset");
    }

    @Test
    void countries_by_name_grade_as_their_code_and_unknown_ones_are_warned_about_on_stderr() throws Exception {
        Path mapping =
                Files.writeString(folder.resolve("m.yml"), "columns: {externalId: Id, title: Role, country: Land}\n");
        Path file = Files.writeString(folder.resolve("leads.csv"), "Id,Role,Land\na,CMO,Germany\nb,CMO,unknown\n");
        assertThat(run("grade", "rules", file.toString(), "--mapping=" + mapping))
                .as(err.toString())
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(1)).startsWith("a,CMO,Germany,").contains("Served market +10");
        assertThat(lines.get(2)).startsWith("b,CMO,unknown,").doesNotContain("Served market");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("line 3, column Land: unknown: " + LeadRows.UNKNOWN_COUNTRY)
                .doesNotContain("line 2,");
    }

    @Test
    void bad_usage_is_2_and_rules_or_mappings_that_fail_are_1() throws Exception {
        assertThat(run("grade")).isEqualTo(2);
        assertThat(run("grade", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: leadgrade grade")
                .contains("--mapping=<mapping.yml>");
        Path mapping = folder.resolve("bad.yml");
        Files.writeString(mapping, "columns: {colour: Colour}\n");
        Path file = folder.resolve("x.csv");
        Files.writeString(file, "Id\n1\n");
        assertThat(run("grade", "rules", file.toString(), "--mapping=" + mapping))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mapping.columns.colour");
        Path broken = folder.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("fit.drl"), "rule \"Broken\" when then nonsense(");
        Files.writeString(mapping, "columns: {externalId: Id}\n");
        assertThat(run("grade", broken.toString(), file.toString(), "--mapping=" + mapping))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fit.drl");
        assertThat(run("grade", "rules", folder.resolve("none.csv").toString(), "--mapping=" + mapping))
                .isEqualTo(2);
    }
}
