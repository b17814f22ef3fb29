package io.leadgrade;

import static org.assertj.core.api.Assertions.assertThat;

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

    @TempDir
    Path store;

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return LeadGradeApplication.backtest(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void usage_is_exit_code_2_and_help_is_0() {
        assertThat(run("backtest")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: java -jar leadgrade.jar backtest");
        assertThat(run("backtest", "--help")).isZero();
        assertThat(run("backtest", store.resolve("missing").toString())).isEqualTo(2);
    }

    @Test
    void a_run_on_the_store_prints_the_result_as_json_and_a_broken_candidate_exits_1() throws Exception {
        String storeOption = "--leadgrade.store.embedded.path=" + store.resolve("db");
        assertThat(run("backtest", "rules", "--from=2026-01-01", "--to=2026-02-01", storeOption))
                .isZero();
        JsonNode result = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(result.path("replayed").asLong()).isZero();
        assertThat(result.path("verdict").asString()).startsWith("no handoffs with an outcome");
        assertThat(result.path("selectionBias").asString()).contains("Only leads the old rules handed off");

        Path broken = store.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("fit.drl"), "rule \"Broken\" when then nonsense(");
        out.reset();
        assertThat(run("backtest", broken.toString(), storeOption)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("fit.drl");
        assertThat(run("backtest", "rules", "--from=yesterday", storeOption)).isEqualTo(2);
    }
}
