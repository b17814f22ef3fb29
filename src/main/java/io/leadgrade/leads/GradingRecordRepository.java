package io.leadgrade.leads;

import java.util.List;
import org.springframework.data.mongodb.repository.MongoRepository;

interface GradingRecordRepository extends MongoRepository<GradingRecord, String> {

    List<GradingRecord> findByLeadIdOrderByAtAsc(String leadId);
}
