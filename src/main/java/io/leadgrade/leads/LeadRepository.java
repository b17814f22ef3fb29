package io.leadgrade.leads;

import java.util.Optional;
import org.springframework.data.mongodb.repository.MongoRepository;

interface LeadRepository extends MongoRepository<Lead, String>, LeadSearch {

    Optional<Lead> findByExternalId(String externalId);
}
