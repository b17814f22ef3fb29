package io.leadgrade.leads;

import java.util.stream.Stream;

interface LeadSearch {

    /** The {@code page}-th page of {@code size} matching leads in id order. */
    LeadPage search(LeadFilter filter, int page, int size);

    /** The matching leads in stored order, read in one pass (close the stream). */
    Stream<Lead> stream(LeadFilter filter, int limit);
}
