package io.leadgrade.leads;

import io.leadgrade.grading.Grade;
import io.leadgrade.grading.LeadData;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One entry of the append-only {@code gradings} collection: a grade a lead received, with the exact input and
 * ruleset version that produced it, so the grade can be explained and reproduced later.
 *
 * @param id "{leadId}:{leadVersion}", so storing the same change twice keeps one entry
 * @param previousGrade the primary grade before this one, null for a new lead
 */
@Document("gradings")
@CompoundIndex(name = "lead_time", def = "{'leadId': 1, 'at': 1}")
public record GradingRecord(
        @Id String id,
        String leadId,
        String externalId,
        Instant at,
        GradingReason reason,
        String rulesetVersion,
        String grade,
        String previousGrade,
        List<Grade> grades,
        LeadData input) {}
