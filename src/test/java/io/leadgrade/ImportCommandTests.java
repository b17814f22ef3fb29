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

/**
 * {@code java -jar leadgrade.jar import} and {@code demo}: usage and exit codes, a mapping's problems named before
 * the store opens, an import joined with a lookup file into the configured store, and the demo data.
 */
class ImportCommandTests {

    /** The commands run one after another on the same store; the suite's own stores are temporary. */
    static final String KEEP = "--leadgrade.store.embedded.temporary=false";

    @TempDir
    Path folder;

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    PrintStream out() {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    PrintStream err() {
        return new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    @Test
    void usage_and_unusable_mappings_are_exit_code_2_before_the_store_opens() throws Exception {
        assertThat(LeadGradeCli.execute(new String[] {"import"}, out(), err())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: leadgrade import");
        assertThat(LeadGradeCli.execute(new String[] {"import", "--help"}, out(), err()))
                .isZero();
        Path csv = Files.writeString(folder.resolve("leads.csv"), "id,title\n1,CMO\n");
        Path mapping = Files.writeString(folder.resolve("bad.yml"), "columns: {externalId: id, rank: title}\n");
        err.reset();
        assertThat(LeadGradeCli.execute(new String[] {"import", csv.toString(), "--mapping=" + mapping}, out(), err()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mapping.columns.rank: is not a lead field");
        Path lookup = Files.writeString(
                folder.resolve("lookup.yml"), "columns: {externalId: id}\nlookups: {accounts: {on: account}}\n");
        err.reset();
        assertThat(LeadGradeCli.execute(new String[] {"import", csv.toString(), "--mapping=" + lookup}, out(), err()))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("mapping.lookups.accounts.file: names no file");
        assertThat(LeadGradeCli.execute(new String[] {"demo", "--leads=0"}, out(), err()))
                .isEqualTo(2);
    }

    @Test
    void a_file_joined_with_its_accounts_goes_into_the_store_and_the_demo_loads_after_it() throws Exception {
        Files.writeString(
                folder.resolve("accounts.csv"),
                "account;sector;employees;office_location\nCancity;retail;4000;United States\nIsdom;medical;300;Germany\n");
        Path mapping = Files.writeString(folder.resolve("pipeline.yml"), """
                columns:
                  externalId: opportunity_id
                  title: role
                  industry: sector
                  companySize: employees
                  country: office_location
                values:
                  country: {United States: US, Germany: DE}
                lookups:
                  accounts: {on: account}
                """);
        Path csv = Files.writeString(
                folder.resolve("pipeline.csv"),
                "opportunity_id,account,role\no1,Cancity,CMO\no2,Isdom,Intern\no3,Unknown,CMO\no4,Isdom,VP\n");
        String store = "--leadgrade.store.embedded.path=" + folder.resolve("db");
        int code = LeadGradeCli.execute(
                new String[] {"import", csv.toString(), "--mapping=" + mapping, store, KEEP}, out(), err());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode state = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(state.path("import").path("created").asLong()).isEqualTo(4);
        assertThat(state.path("import").path("failed").asLong()).isZero();
        assertThat(state.path("job").path("status").asString()).isEqualTo("COMPLETED");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("of 4 rows");

        out.reset();
        code = LeadGradeCli.execute(new String[] {"demo", "--leads=300", store, KEEP}, out(), err());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode demo = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(demo.path("import").path("created").asLong()).isEqualTo(300);
        assertThat(demo.path("import").path("outcomes").asLong()).isPositive();
    }
}
