package io.leadgrade.feedback;

import io.leadgrade.jobs.Job;
import io.leadgrade.jobs.JobContext;
import io.leadgrade.jobs.JobHandler;
import io.leadgrade.jobs.JobService;
import java.util.Map;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Recomputes the flags as a background job: by hand, and nightly (leadgrade.feedback.refresh-cron). */
@Component
class FeedbackRefreshJob implements JobHandler {

    static final String TYPE = "FEEDBACK_REFRESH";

    private final FeedbackService feedback;
    private final MongoTemplate mongo;
    private final ApplicationContext context;

    FeedbackRefreshJob(FeedbackService feedback, MongoTemplate mongo, ApplicationContext context) {
        this.feedback = feedback;
        this.mongo = mongo;
        this.context = context;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public long total(Job job) {
        return mongo.count(Query.query(Criteria.where("disposition").ne(null)), "handoffs");
    }

    @Override
    public String run(Job job, JobContext context) {
        long[] reported = {0};
        FeedbackService.Refresh refresh = feedback.refresh(read -> {
            context.checkpoint(read - reported[0], 0, null);
            reported[0] = read;
        });
        context.checkpoint(refresh.leads() - reported[0], refresh.flagged(), null);
        return refresh.flagged() + " flags from " + refresh.tests() + " tests on " + refresh.leads()
                + " handed-off leads with an outcome";
    }

    @Scheduled(cron = "${leadgrade.feedback.refresh-cron:0 30 2 * * *}")
    void nightly() {
        // Looked up here: the job service is built from the handlers, this one among them.
        JobService jobs = context.getBean(JobService.class);
        if (jobs.running(TYPE).isEmpty()) {
            jobs.start(TYPE, Map.of("reason", "nightly"));
        }
    }
}
