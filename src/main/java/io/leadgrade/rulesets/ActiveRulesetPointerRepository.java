package io.leadgrade.rulesets;

import org.springframework.data.mongodb.repository.MongoRepository;

interface ActiveRulesetPointerRepository extends MongoRepository<ActiveRulesetPointer, String> {}
