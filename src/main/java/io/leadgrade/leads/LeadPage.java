package io.leadgrade.leads;

import java.util.List;

/**
 * One page of the lead list. A filtered page says whether another follows (it read one lead more than it shows)
 * rather than how many match: counting every match is a scan of all of them on each page. Only the unfiltered list
 * has a total, the collection's own count.
 *
 * @param total every stored lead, or null for a filtered page
 */
public record LeadPage(List<Lead> content, int page, int size, boolean hasNext, Long total) {}
