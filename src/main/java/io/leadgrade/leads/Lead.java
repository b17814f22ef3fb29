package io.leadgrade.leads;

import io.leadgrade.grading.ActivityDigest;
import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A lead as stored in the {@code leads} collection: profile, engagement counters, and the current grading. The
 * primary grade, tier and MQL flag are copied to the top level so lists can filter on indexed fields.
 */
@Document("leads")
// The lead list's filters, each with the list's order (by _id) after it, so a filtered page reads its leads in order
// from the index and stops after one more than the page; the other filters of a combined search are checked on those.
@CompoundIndex(name = "grade_id", def = "{'grade': 1, '_id': 1}")
@CompoundIndex(name = "tier_id", def = "{'tier': 1, '_id': 1}")
@CompoundIndex(name = "mql_id", def = "{'mql': 1, '_id': 1}")
@CompoundIndex(name = "territory_id", def = "{'territory': 1, '_id': 1}")
@CompoundIndex(name = "productLine_id", def = "{'productLine': 1, '_id': 1}")
@CompoundIndex(name = "source_id", def = "{'source': 1, '_id': 1}")
@CompoundIndex(name = "repId_id", def = "{'repId': 1, '_id': 1}")
@CompoundIndex(name = "disposition_id", def = "{'disposition': 1, '_id': 1}")
public class Lead {

    static final int RECENT_EVENT_IDS = 200;

    @Id
    private String id;

    @Indexed(unique = true)
    private String externalId;

    private String email;

    // The email as the privacy lookup compares it (lower-case): an equality on an index, not a case-blind regex.
    @Indexed
    private String emailKey;

    // The words the lead is found by (SearchKeys): a multikey index that a search's anchored prefixes use. Null (not
    // stored) on a lead written before there were search keys, until SearchKeyBackfill gives it its words.
    @Indexed
    private List<String> searchKey;

    // A creation-date range of the list ("from", "to").
    @Indexed
    private Instant createdAt;

    private String firstName;
    private String lastName;
    private String title;
    private String company;
    private Integer companySize;
    private String industry;
    private String country;
    private String productLine;
    private String source;
    private Map<String, Object> attributes = new LinkedHashMap<>();
    private EngagementCounts engagementCounts = EngagementCounts.NONE;
    private ActivityDigest activity = ActivityDigest.NONE;
    // The last event ids applied to the digest: an event whose record was stored but not yet marked applied when
    // the service stopped is recognised here when it is sent again, so it counts once.
    private List<String> recentEventIds = new ArrayList<>();
    private boolean placeholder;
    // When time alone changes the grade next: the decay run's query (sparse: most leads have none).
    @Indexed(sparse = true)
    private Instant reviewAt;

    // Handoff state. A lead is handed off at most once per cycle; recycling to nurture starts a new cycle.
    private LeadStatus status = LeadStatus.OPEN;
    private int cycle;
    private Instant nurtureUntil;
    private String repId;
    private String handoffId;
    private boolean needsDataRepair;
    // Set when a privacy request erased the lead's personal data; grades and outcomes stay for the reports.
    private boolean erased;
    private String duplicateOf;
    // The code sales gave the lead's latest handoff (kept when it is recycled to nurture).
    private String disposition;

    private Grading grading;

    private String grade;

    private Tier tier;
    private boolean mql;
    private String territory;
    private Instant gradedAt;
    private Instant updatedAt;

    @Version
    private Long version;

    protected Lead() {}

    Lead(String externalId, Instant now) {
        this(null, externalId, now);
    }

    /** A new lead with its id chosen before it is stored (bulk creation needs to know which were written). */
    Lead(String id, String externalId, Instant now) {
        this.id = id;
        this.externalId = externalId;
        this.createdAt = now;
        this.updatedAt = now;
        refreshSearchKeys();
    }

    /** The profile and engagement that grading reads, seen at a moment (null: when graded). */
    public LeadData toLeadData(Instant asOf) {
        return new LeadData(
                email,
                firstName,
                lastName,
                title,
                company,
                companySize,
                industry,
                country,
                productLine,
                source,
                attributes,
                engagementCounts,
                activity,
                asOf);
    }

    /** A lead created by an activity for an external id no lead has yet; its profile comes later. */
    static Lead placeholder(String externalId, Instant now) {
        Lead lead = new Lead(externalId, now);
        lead.placeholder = true;
        return lead;
    }

    /**
     * Counts one event in the activity digest, unless it was counted already; answers whether it was new.
     *
     * @param eventId the sender's id of the event, unique for this lead
     */
    boolean addActivity(String eventId, String type, Instant at) {
        if (recentEventIds.contains(eventId)) {
            return false;
        }
        activity = activity.plus(type, at, 1);
        recentEventIds.add(eventId);
        if (recentEventIds.size() > RECENT_EVENT_IDS) {
            recentEventIds.subList(0, recentEventIds.size() - RECENT_EVENT_IDS).clear();
        }
        return true;
    }

    void reviewAt(Instant next) {
        this.reviewAt = next;
    }

    void handedOff(String handoffId, String territory, String repId) {
        this.status = LeadStatus.HANDED_OFF;
        this.handoffId = handoffId;
        this.territory = territory;
        this.repId = repId;
    }

    void assignedTo(String repId) {
        this.repId = repId;
    }

    void dispositioned(String code) {
        this.status = LeadStatus.DISPOSITIONED;
        this.disposition = code;
    }

    /** Back to nurture: a new cycle, engagement counted afresh from now, no MQL handoff before {@code until}. */
    void recycle(Instant until) {
        this.status = LeadStatus.RECYCLED;
        this.cycle++;
        this.activity = ActivityDigest.NONE;
        this.nurtureUntil = until;
        this.repId = null;
        this.handoffId = null;
    }

    void needsDataRepair(boolean needed) {
        this.needsDataRepair = needed;
    }

    void duplicateOf(String survivorId) {
        this.duplicateOf = survivorId;
    }

    /** Applies the fields a client sent; fields it left out keep their stored values, attributes merge by key. */
    boolean apply(LeadRequest request, Instant now) {
        LeadData before = toLeadData(null);
        email = pick(request.email(), email);
        firstName = pick(request.firstName(), firstName);
        lastName = pick(request.lastName(), lastName);
        title = pick(request.title(), title);
        company = pick(request.company(), company);
        companySize = pick(request.companySize(), companySize);
        industry = pick(request.industry(), industry);
        country = pick(request.country(), country);
        productLine = pick(request.productLine(), productLine);
        source = pick(request.source(), source);
        if (request.attributes() != null) {
            attributes.putAll(request.attributes());
        }
        engagementCounts = pick(request.engagement(), engagementCounts);
        refreshSearchKeys();
        boolean changed = !before.equals(toLeadData(null)) || placeholder;
        placeholder = false;
        if (changed) {
            updatedAt = now;
        }
        return changed;
    }

    /** Derives the privacy lookup's email and the search words from the profile: on every change of it. */
    private void refreshSearchKeys() {
        emailKey = SearchKeys.email(email);
        searchKey = SearchKeys.ofLead(firstName, lastName, email, company, title, externalId);
    }

    void grade(Grading result, Instant now) {
        Grade primary = result.primary();
        this.grading = result;
        this.grade = primary.grade();
        this.tier = primary.tier();
        this.mql = primary.mql();
        this.gradedAt = now;
    }

    private static <T> T pick(T sent, T stored) {
        return sent != null ? sent : stored;
    }

    public String getId() {
        return id;
    }

    public String getExternalId() {
        return externalId;
    }

    public String getEmail() {
        return email;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public String getTitle() {
        return title;
    }

    public String getCompany() {
        return company;
    }

    public Integer getCompanySize() {
        return companySize;
    }

    public String getIndustry() {
        return industry;
    }

    public String getCountry() {
        return country;
    }

    public String getProductLine() {
        return productLine;
    }

    public String getSource() {
        return source;
    }

    public Map<String, Object> getAttributes() {
        return attributes;
    }

    public EngagementCounts getEngagementCounts() {
        return engagementCounts;
    }

    public ActivityDigest getActivity() {
        return activity;
    }

    public boolean isPlaceholder() {
        return placeholder;
    }

    /** When time passing alone changes this lead's grade next, if it will; the decay run re-grades it then. */
    public Instant getReviewAt() {
        return reviewAt;
    }

    public LeadStatus getStatus() {
        return status;
    }

    /** How many times the lead was recycled to nurture; its handoffs are numbered by it. */
    public int getCycle() {
        return cycle;
    }

    /** Until when a recycled lead may not be handed off again, even as an MQL. */
    public Instant getNurtureUntil() {
        return nurtureUntil;
    }

    public String getRepId() {
        return repId;
    }

    public String getHandoffId() {
        return handoffId;
    }

    public boolean isNeedsDataRepair() {
        return needsDataRepair;
    }

    public boolean isErased() {
        return erased;
    }

    public String getDuplicateOf() {
        return duplicateOf;
    }

    public Grading getGrading() {
        return grading;
    }

    public String getDisposition() {
        return disposition;
    }

    public String getGrade() {
        return grade;
    }

    public Tier getTier() {
        return tier;
    }

    public boolean isMql() {
        return mql;
    }

    public String getTerritory() {
        return territory;
    }

    public Instant getGradedAt() {
        return gradedAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Long getVersion() {
        return version;
    }
}
