package io.leadgrade.feedback;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A backtest in the {@code backtests} collection: the candidate's files (an upload is kept here, since it is not a
 * stored version), the range, the job that runs it and, when done, its result.
 */
@Document("backtests")
record BacktestRun(
        @Id String id,
        String candidateVersion,
        String candidateSource,
        List<File> files,
        LocalDate from,
        LocalDate to,
        String by,
        Instant createdAt,
        String jobId,
        Backtest.Result result) {

    record File(String path, byte[] content) {}
}
