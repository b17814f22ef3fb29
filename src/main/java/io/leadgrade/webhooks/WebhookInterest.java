package io.leadgrade.webhooks;

import io.leadgrade.handoff.HandoffChanged;
import io.leadgrade.leads.LeadGraded;
import org.springframework.stereotype.Component;

/**
 * Whether an event is worth recording for webhooks, read by the listeners' conditions before the event publication
 * registry stores anything: events nobody subscribes to cost nothing. Public methods on a bean without a proxy, as
 * SpEL needs. When the subscriptions cannot be read the answer is yes: the listener then decides, at least once.
 */
@Component
class WebhookInterest {

    private final Webhooks webhooks;

    WebhookInterest(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** A grading whose grade changed, when someone subscribes to lead.graded. */
    public boolean graded(LeadGraded graded) {
        return graded.gradeChanged() && wants(EventType.LEAD_GRADED);
    }

    public boolean qualified() {
        return wants(EventType.LEAD_MQL);
    }

    /** A new live handoff or one that just became overdue, when someone subscribes to that. */
    public boolean handoff(HandoffChanged changed) {
        return (newHandoff(changed) && wants(EventType.LEAD_HANDED_OFF))
                || (newlyOverdue(changed) && wants(EventType.LEAD_OVERDUE));
    }

    public boolean disposition() {
        return wants(EventType.DISPOSITION_RECORDED);
    }

    public boolean finding() {
        return wants(EventType.FINDING_RAISED);
    }

    static boolean newHandoff(HandoffChanged changed) {
        return changed.before() == null && !changed.after().imported();
    }

    static boolean newlyOverdue(HandoffChanged changed) {
        return changed.before() != null
                && !changed.before().overdueNoted()
                && changed.after().overdueNoted();
    }

    private boolean wants(EventType type) {
        try {
            return webhooks.wants(type);
        } catch (RuntimeException storeAway) {
            return true;
        }
    }
}
