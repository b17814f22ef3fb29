package io.leadgrade.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadgrade.LeadGradeApplication;
import io.leadgrade.store.EmbeddedMongoServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Two instances on one store sharing a job: this context (the old owner) stalls inside a job past its lease, a second
 * application context on the same embedded server takes the job over and completes it, and the old owner's late
 * failure then must not overwrite what the new owner wrote.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "leadgrade.rules.watch.enabled=false",
            // The stalled instance neither renews its lease nor takes jobs over (as a process stuck in a pause).
            "leadgrade.jobs.lease=1s",
            "leadgrade.jobs.heartbeat-interval=1h",
            "leadgrade.jobs.takeover-interval=1h",
            "test.instance=old"
        })
@Import(JobTakeoverIntegrationTests.Stalling.class)
@DirtiesContext
class JobTakeoverIntegrationTests {

    static final String TYPE = "TAKEOVER_TEST";
    // Static: the handler beans of both contexts see them. Fresh per test (the MongoDB twin runs in the same JVM).
    static volatile CountDownLatch STALLED;
    static volatile CountDownLatch RELEASE;

    @Autowired
    JobService jobs;

    @Autowired
    ObjectProvider<EmbeddedMongoServer> store;

    /** Where a second instance connects: the store this context runs on (the MongoDB twin names its container). */
    String storeUri() {
        return store.getObject().connectionString("leadgrade");
    }

    @BeforeEach
    void freshLatches() {
        STALLED = new CountDownLatch(1);
        RELEASE = new CountDownLatch(1);
        Stalling.oldOwnerReturned = false;
    }

    @Test
    void the_old_owners_late_finish_does_not_overwrite_the_instance_that_took_the_job_over() throws Exception {
        Job job = jobs.start(TYPE, Map.of());
        assertThat(STALLED.await(60, TimeUnit.SECONDS)).isTrue();
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(
                        LeadGradeApplication.class, Stalling.class)
                .run(
                        "--server.port=0",
                        "--spring.mongodb.uri=" + storeUri(),
                        "--leadgrade.rules.watch.enabled=false",
                        "--leadgrade.jobs.lease=1s",
                        "--leadgrade.jobs.takeover-interval=200ms",
                        "--test.instance=new")) {
            Job done = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> jobs.get(job.id()), seen -> seen.status() == JobStatus.COMPLETED);
            assertThat(done.message()).isEqualTo("done by the new owner");
            String newOwner = done.owner();

            RELEASE.countDown(); // the old owner wakes up and fails
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> Stalling.oldOwnerReturned);
            Thread.sleep(500); // its finish follows the handler's return on the same thread

            Job after = jobs.get(job.id());
            assertThat(after.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(after.message()).isEqualTo("done by the new owner");
            assertThat(after.owner()).isEqualTo(newOwner);
        } finally {
            RELEASE.countDown();
        }
    }

    /** A job that stalls and then fails on the old owner, and completes at once on the new one. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Stalling {

        static volatile boolean oldOwnerReturned;

        @Bean
        JobHandler stallingHandler(@Value("${test.instance}") String instance) {
            return new JobHandler() {
                @Override
                public String type() {
                    return TYPE;
                }

                @Override
                public long total(Job job) {
                    return 1;
                }

                @Override
                public String run(Job job, JobContext context) {
                    if (instance.equals("new")) {
                        return "done by the new owner";
                    }
                    STALLED.countDown();
                    try {
                        RELEASE.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    oldOwnerReturned = true;
                    throw new IllegalStateException("the old owner failed after losing the job");
                }
            };
        }
    }
}
