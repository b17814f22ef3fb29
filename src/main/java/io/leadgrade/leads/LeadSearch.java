package io.leadgrade.leads;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;

interface LeadSearch {

    Page<Lead> search(LeadFilter filter, Pageable pageable);
}
