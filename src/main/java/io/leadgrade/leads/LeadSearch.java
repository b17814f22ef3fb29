package io.leadgrade.leads;

import java.util.stream.Stream;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

interface LeadSearch {

    Page<Lead> search(LeadFilter filter, Pageable pageable);

    /** The matching leads in stored order, read in one pass (close the stream). */
    Stream<Lead> stream(LeadFilter filter, int limit);
}
