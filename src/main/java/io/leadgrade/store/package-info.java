/** Where LeadGrade keeps its data: real MongoDB when a URI is configured, else an embedded wire-compatible server. */
@org.springframework.modulith.ApplicationModule(displayName = "Store")
package io.leadgrade.store;
