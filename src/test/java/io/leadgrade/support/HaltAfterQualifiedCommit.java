package io.leadgrade.support;

import io.leadgrade.leads.LeadQualified;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A crash at the worst moment, for tests that run the app in a JVM of their own: with
 * {@code leadgrade.test.halt-after-qualified-commit=true} the process halts (as {@code kill -9} would) right after
 * the unit of work that made a lead an MQL is committed, before its handoff runs. Inert without the property.
 */
@Component
@ConditionalOnProperty("leadgrade.test.halt-after-qualified-commit")
class HaltAfterQualifiedCommit {

    @EventListener
    void on(LeadQualified qualified) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                Runtime.getRuntime().halt(137);
            }
        });
    }
}
