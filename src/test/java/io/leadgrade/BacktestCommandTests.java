package io.leadgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.cli.LeadGradeCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code java -jar leadgrade.jar backtest}: usage, a candidate that fails its checks, and a run on a store. */
class BacktestCommandTests {

    /** The commands run one after another on the same store; the suite's own stores are temporary. */
    static final String KEEP = "--leadgrade.store.embedded.temporary=false";

    @TempDir
    Path store;

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return LeadGradeCli.execute(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void usage_is_exit_code_2_and_help_is_0() {
        assertThat(run("backtest")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: leadgrade backtest");
        assertThat(run("backtest", "--help")).isZero();
        assertThat(run("backtest", store.resolve("missing").toString())).isEqualTo(2);
    }

    @Test
    void a_run_on_the_store_prints_the_result_as_json_and_a_broken_candidate_exits_1() throws Exception {
        String storeOption = "--leadgrade.store.embedded.path=" + store.resolve("db");
        assertThat(run("backtest", "rules", "--from=2026-01-01", "--to=2026-02-01", storeOption, KEEP))
                .isZero();
        JsonNode result = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(result.path("replayed").asLong()).isZero();
        assertThat(result.path("verdict").asString()).startsWith("no handoffs with an outcome");
        assertThat(result.path("selectionBias").asString()).contains("Only leads someone handed off");

        Path broken = store.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("fit.drl"), "rule \"Broken\" when then nonsense(");
        out.reset();
        assertThat(run("backtest", broken.toString(), storeOption, KEEP)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("fit.drl");
        assertThat(run("backtest", "rules", "--from=yesterday", storeOption, KEEP))
                .isEqualTo(2);
    }

    @Test
    void a_csv_history_is_backtested_offline_and_the_corrected_rule_ranks_converters_better() throws Exception {
        StringBuilder csv = new StringBuilder("id,title,employees,country,industry,pricing,forms,stage\n");
        String[] titles = {"Marketing Manager", "VP Marketing", "Director of Marketing", "Sales Manager"};
        for (int i = 0; i < 800; i++) {
            String title = titles[i % titles.length];
            boolean manager = title.contains("Manager");
            // Managers rarely buy here; executives and directors often do.
            boolean won = manager ? i % 10 == 0 : i % 3 != 0;
            String stage = i % 17 == 0 ? "" : won ? "Won" : "Lost";
            csv.append("h")
                    .append(i)
                    .append(',')
                    .append(title)
                    .append(',')
                    .append(200 + i % 900)
                    .append(",US,Software,")
                    .append(i % 3)
                    .append(',')
                    .append(i % 2)
                    .append(',')
                    .append(stage)
                    .append('\n');
        }
        Path history = Files.writeString(store.resolve("history.csv"), csv);
        Path mapping = Files.writeString(store.resolve("history.yml"), """
                columns: {externalId: id, title: title, companySize: employees, country: country, industry: industry,
                          pricingPageVisits: pricing, formSubmissions: forms}
                outcome: {column: stage, codes: {Won: SQO, Lost: NO_INTEREST, "*": NO_INTEREST}}
                """);
        Path candidate = store.resolve("candidate");
        for (Path file :
                Files.walk(Path.of("rules")).filter(Files::isRegularFile).toList()) {
            Path target = candidate.resolve(Path.of("rules").relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
        Files.walk(candidate.resolve("tests"))
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(path -> path.toFile().delete());
        String fit = Files.readString(candidate.resolve("fit.drl"));
        int rule = fit.indexOf("rule \"Manager title\"");
        Files.writeString(
                candidate.resolve("fit.drl"),
                fit.substring(0, rule)
                        + fit.substring(rule).replaceFirst("addFit\\( drools, 15 \\)", "addFit( drools, -15 )"));

        assertThat(run("backtest", candidate.toString(), "--history=" + history, "--mapping=" + mapping))
                .as(err.toString(StandardCharsets.UTF_8))
                .isZero();
        JsonNode result = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(result.path("replayed").asLong())
                .as("rows the source handed off")
                .isEqualTo(800 - 48);
        assertThat(result.path("withOutcome").asLong()).isEqualTo(800 - 48);
        assertThat(result.path("excluded").path("neverHandedOff").asLong()).isEqualTo(48);
        assertThat(result.path("aucAfter").asDouble())
                .isGreaterThan(result.path("aucBefore").asDouble() + 0.01);
        assertThat(result.path("verdict").asString()).startsWith("better");

        out.reset();
        assertThat(run("backtest", "rules", "--history=" + history, "--mapping=" + mapping))
                .isZero();
        JsonNode same = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(same.path("aucAfter").asDouble())
                .isEqualTo(same.path("aucBefore").asDouble());
        assertThat(same.path("verdict").asString()).startsWith("no clear difference");

        Path noOutcome = Files.writeString(store.resolve("plain.yml"), "columns: {externalId: id}\n");
        err.reset();
        assertThat(run("backtest", "rules", "--history=" + history, "--mapping=" + noOutcome))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mapping.outcome is needed to backtest");
    }
}
