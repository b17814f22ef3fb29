/** Background jobs (re-grades, later backtests and imports): progress, cancel, resume, and a lease so one instance runs each. */
@org.springframework.modulith.ApplicationModule(displayName = "Jobs")
package io.leadgrade.jobs;
