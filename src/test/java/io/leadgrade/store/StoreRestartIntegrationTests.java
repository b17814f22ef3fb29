package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.LeadGradeApplication;
import io.leadgrade.support.Http;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Leads stored in the embedded store are still there after the application stops and starts again. */
class StoreRestartIntegrationTests {

    @TempDir
    Path data;

    @Test
    void leadSurvivesARestart() {
        String id;
        try (ConfigurableApplicationContext app = start()) {
            Http.Response created = new Http(portOf(app))
                    .post("/api/leads", Http.json(Map.of("externalId", "restart-1", "title", "Head of Growth")));
            assertThat(created.status()).isEqualTo(200);
            id = created.json().get("id").asString();
        }

        try (ConfigurableApplicationContext app = start()) {
            Http.Response read = new Http(portOf(app)).get("/api/leads/" + id);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("externalId").asString()).isEqualTo("restart-1");
            assertThat(read.json().get("title").asString()).isEqualTo("Head of Growth");
            assertThat(read.json().get("grade").asString()).isNotBlank();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LeadGradeApplication.class)
                .run(
                        "--server.port=0",
                        "--leadgrade.store.embedded.path=" + data,
                        // Kept across the restart; the suite's own stores are temporary.
                        "--leadgrade.store.embedded.temporary=false");
    }

    private static int portOf(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
