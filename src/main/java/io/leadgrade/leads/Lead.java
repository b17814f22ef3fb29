package io.leadgrade.leads;

import io.leadgrade.grading.EngagementCounts;
import io.leadgrade.grading.Grade;
import io.leadgrade.grading.Grading;
import io.leadgrade.grading.LeadData;
import io.leadgrade.grading.Tier;
import java.time.Instant;
import java.util.LinkedHashMap;
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
// Version-checked updates filter on {_id, version}. The embedded server only uses an index whose keys equal the
// query's, and only unique ones, so without this every such update would scan the whole collection.
@CompoundIndex(name = "id_version", def = "{'_id': 1, 'version': 1}", unique = true)
public class Lead {

    @Id
    private String id;

    @Indexed(unique = true)
    private String externalId;

    @Indexed
    private String email;

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

    private Grading grading;

    @Indexed
    private String grade;

    private Tier tier;
    private boolean mql;
    private String territory;
    private Instant gradedAt;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private Long version;

    protected Lead() {}

    Lead(String externalId, Instant now) {
        this.externalId = externalId;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The profile and engagement that grading reads. */
    public LeadData toLeadData() {
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
                engagementCounts);
    }

    /** Applies the fields a client sent; fields it left out keep their stored values, attributes merge by key. */
    boolean apply(LeadRequest request, Instant now) {
        LeadData before = toLeadData();
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
        boolean changed = !before.equals(toLeadData());
        if (changed) {
            updatedAt = now;
        }
        return changed;
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

    public Grading getGrading() {
        return grading;
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
