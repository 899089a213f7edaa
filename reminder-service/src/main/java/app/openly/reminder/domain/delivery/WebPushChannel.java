package app.openly.reminder.domain.delivery;

import app.openly.reminder.config.DeliveryConfig;
import app.openly.reminder.domain.delivery.logic.PushEndpointPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Web Push (RFC 8030/8291/8292) to a person's browsers. The payload is what the service worker shows: kind, title,
 * the template message, a link, the reminder id. 404/410 mean the subscription is gone.
 */
@ApplicationScoped
public class WebPushChannel implements NotificationChannel<WebPushChannel.Browser> {

    /** One browser subscription as a delivery target. */
    public record Browser(WebPushSubscriptions.Subscription subscription) implements Target {
        @Override
        public String id() {
            return subscription.id().toString();
        }
    }

    @Inject
    DeliveryConfig config;
    @Inject
    WebPushSubscriptions subscriptions;
    @Inject
    WebPushSender sender;
    @Inject
    ObjectMapper mapper;

    private PushEndpointPolicy endpoints;

    @PostConstruct
    void init() {
        endpoints = new PushEndpointPolicy(config.pushHosts(), config.insecureOrigins().orElse(List.of()));
    }

    /** Which endpoints may be called: checked at registration and again before every attempt. */
    public PushEndpointPolicy endpoints() {
        return endpoints;
    }

    @Override
    public Channel route() {
        return Channel.WEB_PUSH;
    }

    @Override
    public String name() {
        return Channel.WEB_PUSH.name();
    }

    @Override
    public List<Browser> targetsOf(String userId) {
        if (!sender.enabled()) {
            return List.of();
        }
        return subscriptions.of(userId).stream().map(Browser::new).toList();
    }

    @Override
    public Optional<String> refusal(Browser target) {
        // Configuration changed since registration: the endpoint is no longer trusted.
        return endpoints.refusal(target.subscription().endpoint()).map(why -> "endpoint " + why);
    }

    @Override
    public SendResult send(Browser target, Notification notification) {
        WebPushSender.Result result = sender.send(target.subscription(), payload(notification), notification.collapseKey(),
                notification.urgent() ? WebPushSender.Urgency.HIGH : WebPushSender.Urgency.NORMAL);
        Outcome outcome = result.accepted() ? Outcome.ACCEPTED : result.gone() ? Outcome.GONE
                : result.transientFailure() ? Outcome.RETRY : Outcome.REFUSED;
        if (result.error() != null && result.status() != 0) {
            // Not the push service's answer: we could not build the request (no VAPID pair, unusable keys).
            return SendResult.refused(result.error());
        }
        String detail = outcome == Outcome.ACCEPTED ? null : result.status() == 0 ? result.error() : "push service answered " + result.status();
        return new SendResult(outcome, result.status(), result.retryAfter(), detail);
    }

    @Override
    public void prune(Browser target) {
        subscriptions.prune(target.subscription().id());
    }

    /** What the service worker shows: a title, the template message and a link into the app. Never entry text or themes. */
    public String payload(Notification n) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", n.kind());
        p.put("title", n.title());
        p.put("body", n.body());
        p.put("url", n.url());
        if (n.reminderId() != null) {
            p.put("reminderId", n.reminderId().toString());
        }
        try {
            return mapper.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
