package io.leadgrade.rulesets;

import java.util.List;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.Query;

interface RulesetVersionRepository extends MongoRepository<RulesetVersion, String> {

    @Query(value = "{}", fields = "{ 'files': 0 }")
    List<RulesetVersion> findAllWithoutFiles(Sort sort);
}
