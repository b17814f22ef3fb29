/**
 * Demo data for a first start: a seeded, realistic six months of leads, handoffs and outcomes with the patterns sales
 * ops look for, loaded through the ordinary import.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo")
package io.leadgrade.demo;
