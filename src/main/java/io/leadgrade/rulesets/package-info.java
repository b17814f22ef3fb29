/** Keeps the active ruleset in step with the rules folder: watches it, reloads on demand, reports rejections. */
@org.springframework.modulith.ApplicationModule(displayName = "Rulesets")
package io.leadgrade.rulesets;
