package dev.voicebridge.gateway.events.webhook;

import dev.voicebridge.gateway.events.CallEvents;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Webhook delivery of the call events, when GATEWAY_WEBHOOK_URL is set. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

    /** The delivery, listening to every call event; a no-op holder without a URL. */
    @Bean(destroyMethod = "close")
    Webhooks webhooks(WebhookProperties properties, CallEvents events, Clock wallClock, MeterRegistry meters) {
        if (!properties.configured()) {
            log.info("GATEWAY_WEBHOOK_URL is not set: call events are not posted anywhere (SSE still serves them)");
            return new Webhooks(null);
        }
        WebhookDelivery delivery = new WebhookDelivery(properties, wallClock, meters);
        events.listen(delivery);
        return new Webhooks(delivery);
    }

    /** The webhook delivery, if any; closing it drops (and counts) what is still queued. */
    public record Webhooks(WebhookDelivery delivery) implements AutoCloseable {
        @Override
        public void close() {
            if (delivery != null) {
                delivery.close();
            }
        }
    }
}
