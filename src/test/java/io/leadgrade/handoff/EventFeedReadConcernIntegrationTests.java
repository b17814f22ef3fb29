package io.leadgrade.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.leadgrade.support.Http;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The events feed reads with majority read concern: after a failover a rolled-back event, whose number the new
 * primary hands out again, was never served. The embedded server has one node (majority is what it has); the
 * command the driver sends shows the concern, and the feed still answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@Import(EventFeedReadConcernIntegrationTests.Commands.class)
@DirtiesContext
class EventFeedReadConcernIntegrationTests {

    static final List<BsonDocument> FINDS = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @Autowired
    Outbox outbox;

    @Test
    void the_feed_reads_the_outbox_with_majority_read_concern() {
        Outbox.Event published = outbox.publish("TEST_EVENT", "lead-1", "crm-1", Map.of("n", 1));
        FINDS.clear();

        JsonNode page =
                new Http(port).get("/api/events?after=" + (published.seq() - 1)).json();

        assertThat(page.path("events").get(0).path("type").asString()).isEqualTo("TEST_EVENT");
        assertThat(FINDS).isNotEmpty();
        assertThat(FINDS)
                .allSatisfy(find -> assertThat(find.getDocument("readConcern", new BsonDocument())
                                .getString("level", null))
                        .as(find.toJson())
                        .isNotNull()
                        .extracting(level -> level.getValue())
                        .isEqualTo("majority"));
    }

    /** Records every find on the outbox the application's driver sends. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Commands {

        @Bean
        MongoClientSettingsBuilderCustomizer recordOutboxFinds() {
            CommandListener listener = new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (event.getCommandName().equals("find")
                            && "outbox"
                                    .equals(event.getCommand().getString("find").getValue())) {
                        FINDS.add(event.getCommand().clone());
                    }
                }
            };
            return settings -> settings.addCommandListener(listener);
        }
    }
}
