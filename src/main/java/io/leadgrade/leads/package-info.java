/** Stores leads (one per external id), grades them on every change and keeps their append-only grading history. */
@org.springframework.modulith.ApplicationModule(displayName = "Leads")
package io.leadgrade.leads;
