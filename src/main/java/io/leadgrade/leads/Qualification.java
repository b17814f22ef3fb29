package io.leadgrade.leads;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Announces {@link LeadQualified} for every grading that makes a stored lead due a handoff. */
@Component
class Qualification {

    private final ApplicationEventPublisher events;

    Qualification(ApplicationEventPublisher events) {
        this.events = events;
    }

    @EventListener
    void on(LeadGraded graded) {
        if (LeadQualified.due(graded)) {
            events.publishEvent(LeadQualified.of(graded));
        }
    }
}
