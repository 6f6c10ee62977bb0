package dev.voicebridge.gateway.admin;

import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.simulator.RealtimeSimulator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * A gateway application of a test's own (not the shared test context), for tests that close it
 * (drain) or must see everything it logs from the first line (secrets).
 */
final class GatewayRun implements AutoCloseable {

    final ConfigurableApplicationContext context;
    final AdminHttp http;

    GatewayRun(RealtimeSimulator azure, Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("voicebridge.realtime.endpoint", azure.baseUrl());
        properties.put("voicebridge.realtime.api-key", azure.apiKey());
        properties.put("voicebridge.realtime.deployment", azure.deployment());
        properties.put("voicebridge.realtime.api-version", "");
        properties.put("voicebridge.realtime.greet-first", "false");
        properties.put("voicebridge.realtime.vad.silence-duration-ms", "300");
        properties.put("voicebridge.websocket.token", AdminApplicationTest.MEDIA_TOKEN);
        properties.put("voicebridge.admin.token", AdminApplicationTest.ADMIN_TOKEN);
        properties.put("voicebridge.sip.enabled", "false");
        properties.putAll(extra);
        // As command-line arguments: they win over application.yml (builder properties would not).
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        // Own Reactor Netty resources: closing this context must not dispose the JVM-wide ones the
        // Realtime simulators and the shared test context run on.
        context = new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(
                        ctx -> ((GenericApplicationContext) ctx).registerBean(ReactorResourceFactory.class, () -> {
                            ReactorResourceFactory resources = new ReactorResourceFactory();
                            resources.setUseGlobalResources(false);
                            return resources;
                        }))
                .run(args);
        http = new AdminHttp(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
