package io.leadgrade.leads;

import io.leadgrade.security.AuditLog;
import io.leadgrade.security.Roles;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import io.leadgrade.system.PersonalData;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Privacy requests: export everything held about a person, or erase it, found by the lead's external id or email.
 * Erasure keeps anonymous counts, grades and outcomes, so reports still add up.
 */
@RestController
@RequestMapping("/api/privacy")
class PrivacyController {

    private final MongoTemplate mongo;
    private final List<PersonalData> holders;
    private final AuditLog audit;

    PrivacyController(MongoTemplate mongo, List<PersonalData> holders, AuditLog audit) {
        this.mongo = mongo;
        this.holders = holders;
        this.audit = audit;
    }

    /** Names the person: one of the two. */
    record Subject(
            @Size(max = 200) String externalId,
            @Size(max = 320) String email) {}

    record Erasure(List<String> leadIds, long documentsChanged) {}

    /** Everything held about the person, by collection. */
    @PostMapping("/export")
    @PreAuthorize(Roles.ADMIN)
    Map<String, Object> export(@RequestBody @Valid Subject subject) {
        List<String> leadIds = leadsOf(subject);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("leadIds", leadIds);
        holders.forEach(holder -> data.putAll(holder.export(leadIds)));
        audit.record("PERSONAL_DATA_EXPORTED", "leads:" + leadIds, Map.of());
        return data;
    }

    /** Removes the person's personal data everywhere; answers which leads and how many documents changed. */
    @PostMapping("/erase")
    @PreAuthorize(Roles.ADMIN)
    Erasure erase(@RequestBody @Valid Subject subject) {
        List<String> leadIds = leadsOf(subject);
        long changed =
                holders.stream().mapToLong(holder -> holder.erase(leadIds)).sum();
        audit.record("PERSONAL_DATA_ERASED", "leads:" + leadIds, Map.of("documents", changed));
        return new Erasure(leadIds, changed);
    }

    private List<String> leadsOf(Subject subject) {
        boolean byId = subject.externalId() != null && !subject.externalId().isBlank();
        boolean byEmail = subject.email() != null && !subject.email().isBlank();
        if (byId == byEmail) {
            throw new InvalidRequestException(List.of(new FieldProblem(
                    byId ? "email" : "externalId", "name the person by exactly one of externalId and email", null)));
        }
        // By email: the stored lower-case email, an equality on its index (a case-blind regex would read every lead).
        Criteria criteria = byId
                ? Criteria.where("externalId").is(subject.externalId())
                : Criteria.where("emailKey").is(SearchKeys.email(subject.email()));
        return mongo.find(Query.query(criteria), Lead.class).stream()
                .map(Lead::getId)
                .toList();
    }
}
