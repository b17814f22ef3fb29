package io.leadgrade.support.queries;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Adds the {@link QueryShapeRecorder} to the MongoDB client of every application context the tests start: a test
 * auto-configuration (listed in src/test/resources/META-INF/spring/...AutoConfiguration.imports), so no test has to
 * import it and none can forget to.
 */
@AutoConfiguration
public class QueryShapeRecording {

    @Bean
    MongoClientSettingsBuilderCustomizer recordQueryShapes() {
        return settings -> {
            QueryShapeRecorder recorder = QueryShapeRecorder.shared();
            if (recorder != null) {
                settings.addCommandListener(recorder);
            }
        };
    }
}
