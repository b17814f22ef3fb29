package io.leadgrade.imports;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One import in the {@code imports} collection: the file (kept on the receiving instance's disk until the import is
 * done), the mapping it is read with, the job that runs it, and the counts so far.
 *
 * @param created leads that did not exist; {@code updated} existed and changed; {@code unchanged} existed as sent
 * @param failed rows kept out, each with its errors in {@code import_errors}
 * @param outcomes past outcomes recorded (a handoff as of the source's date and its disposition)
 */
@Document("imports")
record ImportRun(
        @Id String id,
        String fileName,
        String mappingName,
        String mapping,
        String path,
        String by,
        Instant createdAt,
        String jobId,
        long rows,
        long created,
        long updated,
        long unchanged,
        long failed,
        long outcomes) {}
