package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.leadgrade.LeadGradeApplication;
import io.leadgrade.support.Http;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Every lead the API acknowledged is still there after MongoDB is killed at the Docker level ({@code docker kill},
 * SIGKILL: no shutdown, only what the journal holds survives) and started again: the app's writes are
 * {@code w: majority, j: true}. The embedded store's twin of this is StoreDurabilityIntegrationTests. Skipped, not
 * failed, where Docker does not run.
 */
@Testcontainers(disabledWithoutDocker = true)
class DurabilityMongoContainerIntegrationTests {

    static final int LEADS = 200;

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void every_acknowledged_lead_survives_a_docker_kill_of_mongodb() {
        List<String> acknowledged = new ArrayList<>();
        try (ConfigurableApplicationContext app = start(MONGO.getReplicaSetUrl("leadgrade"))) {
            Http http = new Http(port(app));
            for (int i = 0; i < LEADS; i++) {
                String id = "durable-" + i;
                Http.Response stored = http.post(
                        "/api/leads",
                        Http.json(Map.of("externalId", id, "email", id + "@acme.com", "title", "VP Marketing")));
                assertThat(stored.status()).as(stored.body()).isBetween(200, 201);
                acknowledged.add(id);
            }
        }

        DockerClient docker = MONGO.getDockerClient();
        docker.killContainerCmd(MONGO.getContainerId()).withSignal("KILL").exec();
        docker.startContainerCmd(MONGO.getContainerId()).exec();
        // A restarted container may be given another host port.
        Ports.Binding[] bindings = docker.inspectContainerCmd(MONGO.getContainerId())
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings()
                .get(ExposedPort.tcp(27017));
        String uri = "mongodb://" + MONGO.getHost() + ":" + bindings[0].getHostPortSpec()
                + "/leadgrade?directConnection=true";
        try (MongoClient client = MongoClients.create(uri)) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> client.getDatabase("admin")
                            .runCommand(new Document("hello", 1))
                            .getBoolean("isWritablePrimary", false));
        }

        try (ConfigurableApplicationContext app = start(uri)) {
            Http http = new Http(port(app));
            for (String id : acknowledged) {
                assertThat(http.get("/api/leads/" + id).status()).as(id).isEqualTo(200);
            }
        }
    }

    private static ConfigurableApplicationContext start(String uri) {
        return new SpringApplicationBuilder(LeadGradeApplication.class)
                .run("--server.port=0", "--spring.mongodb.uri=" + uri, "--leadgrade.rules.watch.enabled=false");
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
