package io.leadgrade.webhooks;

import java.util.List;

/**
 * A subscription as admins send it. POST and PUT need {@code url} and {@code eventTypes}; PATCH changes only what
 * it names.
 *
 * @param url absolute http or https URL the events are POSTed to
 * @param eventTypes one or more of the names {@link EventType} lists
 * @param secret 16 to 200 visible characters; generated when left out of a POST, kept when left out of an update
 * @param enabled false stops deliveries (they wait); true starts them again and clears the disabled reason
 */
record WebhookRequest(String url, List<String> eventTypes, String secret, String description, Boolean enabled) {}
