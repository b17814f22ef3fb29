/**
 * Webhooks: subscriptions that push LeadGrade's events (grade changed, MQL reached, handed off, overdue, disposition
 * recorded, finding raised) to other systems as signed HTTP requests, retried with backoff, with a delivery log per subscription.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Webhooks",
        allowedDependencies = {"leads", "handoff", "grading", "feedback", "security", "system"})
package io.leadgrade.webhooks;
