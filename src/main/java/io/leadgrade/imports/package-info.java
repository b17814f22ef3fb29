/**
 * Bulk import of leads from CSV and JSON-lines files with a YAML column mapping, as background jobs that keep bad
 * rows out with a report and can be stopped and resumed without losing or duplicating leads.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Imports")
package io.leadgrade.imports;
