package io.leadgrade.webhooks;

import io.leadgrade.security.Roles;
import io.leadgrade.system.FieldProblem;
import io.leadgrade.system.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions, their delivery log and the test event (docs/integrations.md). Admins only. */
@RestController
@RequestMapping("/api/webhooks")
@PreAuthorize(Roles.ADMIN)
class WebhookController {

    private static final int MAX_LIMIT = 500;

    private final Webhooks webhooks;
    private final Deliveries deliveries;
    private final DeliveryWorker worker;

    WebhookController(Webhooks webhooks, Deliveries deliveries, DeliveryWorker worker) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.worker = worker;
    }

    @PreAuthorize(Roles.ADMIN)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Webhook.Created create(@RequestBody WebhookRequest request) {
        return webhooks.create(request);
    }

    @PreAuthorize(Roles.ADMIN)
    @GetMapping
    List<Webhook.View> list() {
        return webhooks.list().stream().map(Webhook::view).toList();
    }

    /** The event types a webhook can subscribe to, with what each means. */
    @PreAuthorize(Roles.ADMIN)
    @GetMapping("/event-types")
    List<Map<String, String>> eventTypes() {
        return Arrays.stream(EventType.values())
                .filter(EventType::subscribable)
                .map(type -> Map.of("type", type.wire(), "description", type.description()))
                .toList();
    }

    @PreAuthorize(Roles.ADMIN)
    @GetMapping("/{id}")
    Webhook.View get(@PathVariable String id) {
        return webhooks.get(id).view();
    }

    @PreAuthorize(Roles.ADMIN)
    @PutMapping("/{id}")
    Webhook.View replace(@PathVariable String id, @RequestBody WebhookRequest request) {
        return update(id, request, false);
    }

    @PreAuthorize(Roles.ADMIN)
    @PatchMapping("/{id}")
    Webhook.View change(@PathVariable String id, @RequestBody WebhookRequest request) {
        return update(id, request, true);
    }

    @PreAuthorize(Roles.ADMIN)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        webhooks.delete(id);
        deliveries.deleteOf(id);
    }

    /** The subscription's deliveries, newest first: status, attempts, last answer or error, next attempt. */
    @PreAuthorize(Roles.ADMIN)
    @GetMapping("/{id}/deliveries")
    List<Delivery.View> deliveries(
            @PathVariable String id,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "50") String limit) {
        webhooks.get(id);
        return deliveries.log(id, status(status), limit(limit)).stream()
                .map(Delivery::view)
                .toList();
    }

    /** Sends a test event at once and answers its delivery; it works on a disabled webhook too. */
    @PreAuthorize(Roles.ADMIN)
    @PostMapping("/{id}/test")
    Delivery.View test(@PathVariable String id) {
        return worker.sendTest(webhooks.get(id)).view();
    }

    private Webhook.View update(String id, WebhookRequest request, boolean partial) {
        boolean wasEnabled = webhooks.get(id).enabled();
        Webhook updated = webhooks.update(id, request, partial);
        if (updated.enabled() && !wasEnabled) {
            deliveries.dueNow(id);
        }
        return updated.view();
    }

    private static Delivery.Status status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return Delivery.Status.valueOf(status);
        } catch (IllegalArgumentException unknown) {
            throw new InvalidRequestException(
                    List.of(new FieldProblem("status", "must be PENDING, DELIVERED or FAILED", status)));
        }
    }

    private static int limit(String limit) {
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new InvalidRequestException(List.of(new FieldProblem(
                "limit", "must be a whole number from 1 to " + MAX_LIMIT, limit.length() > 100 ? null : limit)));
    }
}
