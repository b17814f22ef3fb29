package io.leadgrade.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Versioned updates of one document from many threads over the embedded store: every update that is acknowledged
 * must be in the final document. (mongo-java-server checks an update's filter and writes separately; without the
 * backend's write lock two updates of the same version both succeeded and one was lost.)
 */
@SpringBootTest(properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class VersionedUpdateIntegrationTests {

    @Document("versioned_counters")
    record Counter(@Id String id, int count, @Version Long version) {}

    @Autowired
    MongoTemplate mongo;

    @Test
    void every_acknowledged_versioned_update_is_kept() throws Exception {
        mongo.insert(new Counter("c", 0, null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            writers.add(() -> {
                int acknowledged = 0;
                for (int i = 0; i < 100; i++) {
                    Counter read = mongo.findById("c", Counter.class);
                    try {
                        mongo.save(new Counter("c", read.count() + 1, read.version()));
                        acknowledged++;
                    } catch (OptimisticLockingFailureException lostTheRace) {
                        // another writer got this version first: fine, as long as it is not both
                    }
                }
                return acknowledged;
            });
        }
        int acknowledged = 0;
        for (Future<Integer> result : pool.invokeAll(writers)) {
            acknowledged += result.get();
        }
        pool.shutdown();
        Counter last = mongo.findById("c", Counter.class);
        assertThat(acknowledged).isPositive();
        assertThat(last.count()).isEqualTo(acknowledged);
        assertThat(last.version()).isEqualTo(acknowledged);
    }
}
