package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The server-selection timeout is a setting, and against MongoDB its default rides out an election. */
class ServerSelectionTimeoutTests {

    @Test
    void against_mongodb_the_default_waits_thirty_seconds_for_a_primary() {
        assertThat(selectionTimeout(null)).isEqualTo(30_000);
    }

    @Test
    void the_setting_overrides_the_default() {
        assertThat(selectionTimeout(Duration.ofSeconds(45))).isEqualTo(45_000);
    }

    private static long selectionTimeout(Duration setting) {
        var noEmbeddedStore = new DefaultListableBeanFactory().getBeanProvider(EmbeddedMongoServer.class);
        MongoClientSettings.Builder builder = MongoClientSettings.builder();
        new StoreConfiguration().durableWrites(setting, noEmbeddedStore).customize(builder);
        return builder.build().getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS);
    }
}
