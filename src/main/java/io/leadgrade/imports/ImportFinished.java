package io.leadgrade.imports;

/**
 * An import job read its whole file (published once, when it completes).
 *
 * @param importId the import, as {@code GET /api/imports/{id}} names it
 * @param rows rows read
 * @param created leads (or events) created
 * @param failed rows kept out with an error
 * @param outcomes handoffs and dispositions taken over from the source system
 */
public record ImportFinished(String importId, long rows, long created, long failed, long outcomes) {}
