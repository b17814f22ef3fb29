package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadgrade.support.ChildApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second process on a data folder another one holds ends at once with one line that names the folder and how to
 * run a second instance, a non-zero exit code and no stack trace.
 */
class StoreFolderInUseIntegrationTests {

    @TempDir
    Path data;

    @Test
    void a_second_server_on_the_folder_names_it_and_the_first_ones_store() {
        Path folder = data.resolve("store");
        EmbeddedMongoServer first = new EmbeddedMongoServer(folder, 0, 16, false);
        first.start();
        try {
            String uri = first.connectionString("leadgrade");
            EmbeddedMongoServer second = new EmbeddedMongoServer(folder, 0, 16, false);
            assertThatThrownBy(second::start)
                    .isInstanceOfSatisfying(StoreFolderInUseException.class, e -> {
                        assertThat(e.folder()).isEqualTo(folder);
                        assertThat(e.ownerUri()).isEqualTo(uri);
                    })
                    .hasMessageContaining(folder.toAbsolutePath().toString())
                    .hasMessageContaining("--spring.mongodb.uri=" + uri)
                    .hasMessageContaining("MONGODB_URI");
            assertThat(second.isRunning()).isFalse();
        } finally {
            first.close();
        }
    }

    @Test
    void a_second_application_on_the_folder_exits_with_one_line_and_no_stack_trace() throws Exception {
        EmbeddedMongoServer first = new EmbeddedMongoServer(data.resolve("store"), 0, 16, false);
        first.start();
        Path log = data.resolve("second.log");
        try {
            Process second = ChildApp.start(data, ChildApp.freePort(), log);
            assertThat(second.waitFor(120, TimeUnit.SECONDS))
                    .as("the second process ends by itself")
                    .isTrue();
            String output = Files.readString(log);
            assertThat(second.exitValue()).as(output).isNotZero();
            List<String> lines = output.lines()
                    .filter(line -> line.contains("is in use by another LeadGrade process"))
                    .toList();
            assertThat(lines).as(output).hasSize(1);
            assertThat(lines.get(0))
                    .contains(data.resolve("store").toAbsolutePath().toString())
                    .contains("--spring.mongodb.uri=" + first.connectionString("leadgrade"));
            assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        } finally {
            first.close();
        }
    }
}
