package io.leadgrade.jobs;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** How an endpoint that starts a job answers: 202 with the job, or 409 naming the one of its type still running. */
public final class JobRequests {

    private JobRequests() {}

    /**
     * Starts a job of this type unless one is running (on any instance).
     *
     * @param what what the job does, for the conflict's title ("A re-grade is already running")
     * @param started told about the started job (for the audit log)
     */
    public static ResponseEntity<?> startUnlessRunning(
            JobService jobs, String type, Map<String, String> parameters, String what, Consumer<JobView> started) {
        var running = jobs.running(type);
        if (running.isPresent()) {
            String id = running.get().id();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT,
                    what + " " + id + " is still running; cancel it or wait for it (GET /api/jobs/" + id + ").");
            problem.setTitle(what + " is already running");
            problem.setProperty("job", id);
            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
        }
        JobView job = JobView.of(jobs.start(type, parameters));
        started.accept(job);
        return ResponseEntity.accepted()
                .location(URI.create("/api/jobs/" + job.id()))
                .body(job);
    }
}
