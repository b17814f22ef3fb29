/**
 * Quality-versus-outcome reports for sales ops: Net Quality Score, dispositions and conversion per rep and
 * territory, grade calibration, and whether a weak result comes from poor leads or poor follow-up. Every report
 * judges a lead by its grade and tier at handoff, not by its grade today.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Reports")
package io.leadgrade.reports;
