package io.leadgrade.grading.engine;

import io.leadgrade.grading.LeadData;
import java.util.Locale;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * A lead as routing rules see it: where it is, how big its company is, what it wants. Rules either route it to a
 * territory by id ({@code $lead.routeTo(drools, "emea-ent")}, which wins) or offer it a territory that covers it
 * ({@code $lead.offer(drools, $territory)}); among offers the most specific territory wins, then the first by id.
 */
public final class RoutingLead {

    /** Employees from which a company is mid-market, and enterprise. */
    public static final int MID_FROM = 200;

    public static final int ENTERPRISE_FROM = 1000;

    private final String country;
    private final String region;
    private final String segment;
    private final String productLine;
    private final String source;
    private final String grade;
    private final int companySize;
    private final Map<String, Object> attributes;
    private String routedTo;
    private String routedBy;
    private RoutingTerritory offered;
    private String offeredBy;

    RoutingLead(LeadData lead, String grade) {
        this.country = upper(lead.country());
        this.region = Regions.of(country);
        this.companySize = lead.companySize() == null ? 0 : lead.companySize();
        this.segment = segmentOf(companySize);
        this.productLine = lower(lead.productLine());
        this.source = lower(lead.source());
        this.grade = grade;
        this.attributes = lead.attributes();
    }

    static String segmentOf(int employees) {
        if (employees <= 0) {
            return "UNKNOWN";
        }
        return employees >= ENTERPRISE_FROM ? "ENT" : employees >= MID_FROM ? "MID" : "SMB";
    }

    /** Routes the lead to a territory by id; the first such decision stands. */
    public void routeTo(RuleContext rule, String territory) {
        if (routedTo == null) {
            routedTo = territory;
            routedBy = rule.getRule().getName();
        }
    }

    /** Offers a territory that covers the lead; the most specific offer wins, then the first by id. */
    public void offer(RuleContext rule, RoutingTerritory territory) {
        if (offered == null
                || territory.specificity() > offered.specificity()
                || territory.specificity() == offered.specificity()
                        && territory.getId().compareTo(offered.getId()) < 0) {
            offered = territory;
            offeredBy = rule.getRule().getName();
        }
    }

    String decidedTerritory() {
        return routedTo != null ? routedTo : offered == null ? null : offered.getId();
    }

    String decidingRule() {
        return routedTo != null ? routedBy : offeredBy;
    }

    public String getCountry() {
        return country;
    }

    public String getRegion() {
        return region;
    }

    public String getSegment() {
        return segment;
    }

    public String getProductLine() {
        return productLine;
    }

    public String getSource() {
        return source;
    }

    public String getGrade() {
        return grade;
    }

    public int getCompanySize() {
        return companySize;
    }

    public Object attribute(String name) {
        return attributes.get(name);
    }

    private static String upper(String value) {
        return value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
