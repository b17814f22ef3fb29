package io.leadgrade.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/** Starting an import over HTTP and waiting for its end. */
public final class HttpImports {

    private HttpImports() {}

    /** The import's counts once its job has ended. */
    public static JsonNode importFile(Http http, String csv, String mapping) throws InterruptedException {
        Http.Response started = http.postBytes(
                "/api/imports?mapping=" + mapping + "&fileName=test.csv",
                "text/csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asString();
        JsonNode state = http.get("/api/imports/" + id).json();
        for (int i = 0;
                i < 2400 && state.path("job").path("status").asString().matches("RUNNING|CANCEL_REQUESTED");
                i++) {
            Thread.sleep(50);
            state = http.get("/api/imports/" + id).json();
        }
        assertThat(state.path("job").path("status").asString())
                .as(state.toString())
                .isEqualTo("COMPLETED");
        return state.path("import");
    }
}
