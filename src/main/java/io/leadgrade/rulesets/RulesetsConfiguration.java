package io.leadgrade.rulesets;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Following the shared active version is a scheduled poll of one small document. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RulesetsConfiguration {}
