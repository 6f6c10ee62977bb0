package dev.voicebridge.gateway.sip;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.voicebridge.gateway.GatewayApplication;
import dev.voicebridge.gateway.admin.SharedTables;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A call placed through instance A's API whose answered leg the Voice Connector sends to instance B
 * (SIPp with the X- headers the SMA Lambda sets): the two share the registry and placed-calls tables
 * on DynamoDB Local, WireMock plays Chime SDK Voice, the Realtime simulator plays Azure. B's Azure
 * session gets the request's instructions and voice, and B's events carry the request's metadata.
 */
class SipPlacedCallOnAnyInstanceTest {

    private static final String TOKEN = "adm-any-instance-secret";
    private static final String SMA = "sma-sip-any";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
            new ParameterizedTypeReference<>() {};

    private final List<ConfigurableApplicationContext> contexts = new java.util.ArrayList<>();
    private WireMockServer chime;
    private RealtimeSimulator azure;

    @BeforeAll
    static void needsSipp() {
        Sipp.requireInstalled();
    }

    @AfterEach
    void stop() {
        contexts.reversed().forEach(ConfigurableApplicationContext::close);
        if (chime != null) {
            chime.stop();
        }
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void shouldGiveTheAnsweredLegOnAnotherInstanceTheRequestsPromptAndItsEventsTheMetadata() throws Exception {
        // Given two instances sharing DynamoDB tables: A takes API requests, B takes SIP calls
        chime = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        chime.start();
        chime.stubFor(post(urlPathEqualTo("/sip-media-applications/" + SMA + "/calls"))
                .willReturn(okJson("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx-sip-any-1\"}}")));
        azure = RealtimeSimulator.start();
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("voicebridge.registry.table", SharedTables.newRegistry());
        shared.put("voicebridge.registry.endpoint", SharedTables.endpoint().toString());
        Map<String, Object> apiOnly = new LinkedHashMap<>(shared);
        apiOnly.put("voicebridge.sip.enabled", "false");
        apiOnly.put("voicebridge.tools.chime-endpoint", chime.baseUrl());
        apiOnly.put("voicebridge.outbound.sma-id", SMA);
        apiOnly.put("voicebridge.outbound.allowed-prefixes", "+1415");
        ConfigurableApplicationContext a = start(apiOnly);
        int rtp = 46000 + ThreadLocalRandom.current().nextInt(0, 50) * 100;
        Map<String, Object> sipOnly = new LinkedHashMap<>(shared);
        sipOnly.put("voicebridge.sip.port", "0");
        sipOnly.put("voicebridge.sip.bind-address", "127.0.0.1");
        sipOnly.put("voicebridge.rtp.port-min", Integer.toString(rtp));
        sipOnly.put("voicebridge.rtp.port-max", Integer.toString(rtp + 99));
        ConfigurableApplicationContext b = start(sipOnly);

        // When an application places a call on A with instructions, a voice and metadata (no profile named)
        HttpResponse<String> placed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base(a) + "/api/calls"))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("""
                                        {"to":"+14155550401","from":"+12065550100",
                                         "instructions":"You confirm dental appointments.","voice":"cedar",
                                         "metadata":{"crmId":"42","tags":["dental"]}}"""))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        // And the SMA Lambda bridges the answered call to B, with the headers it derives from the ArgumentsMap
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        chime.verify(
                1,
                postRequestedFor(urlPathEqualTo("/sip-media-applications/" + SMA + "/calls"))
                        .withRequestBody(matchingJsonPath("$.ArgumentsMap.vbProfile", equalTo("default"))));
        int sipPort =
                b.getBean(SipConfiguration.SipEndpointLifecycle.class).server().port();
        Sipp.Result result = Sipp.run(Sipp.Run.of("uac-profile-call.xml", sipPort)
                .key("placed_tx", "tx-sip-any-1")
                .key("profile", "default"));

        // Then B's Azure session was configured as the request on A asked
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        SessionRecord session = azure.sessions().getFirst();
        JsonNode update = session.awaitClientEvent("session.update", Duration.ofSeconds(10))
                .json()
                .path("session");
        assertThat(update.path("instructions").asString()).isEqualTo("You confirm dental appointments.");
        assertThat(update.path("audio").path("output").path("voice").asString()).isEqualTo("cedar");

        // And B's events of the call (SSE, as webhooks carry them) start and end with the application's metadata
        List<ServerSentEvent<String>> events = WebClient.create(base(b))
                .get()
                .uri("/api/calls/tx-sip-any-1/events")
                .header("Authorization", "Bearer " + TOKEN)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(SSE)
                .filter(e -> e.event() != null)
                .takeUntil(e -> "call.ended".equals(e.event()))
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(events)
                .extracting(ServerSentEvent::event)
                .startsWith("call.started")
                .endsWith("call.ended");
        JsonNode started = JSON.readTree(events.getFirst().data()).path("data");
        JsonNode ended = JSON.readTree(events.getLast().data()).path("data");
        assertThat(started.path("direction").asString()).isEqualTo("outbound");
        assertThat(started.path("metadata").path("crmId").asString()).isEqualTo("42");
        assertThat(started.path("metadata").path("tags").get(0).asString()).isEqualTo("dental");
        assertThat(ended.path("metadata").path("crmId").asString()).isEqualTo("42");
    }

    private ConfigurableApplicationContext start(Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("voicebridge.realtime.endpoint", azure.baseUrl());
        properties.put("voicebridge.realtime.api-key", azure.apiKey());
        properties.put("voicebridge.realtime.deployment", azure.deployment());
        properties.put("voicebridge.realtime.api-version", "");
        properties.put("voicebridge.realtime.greet-first", "false");
        properties.put("voicebridge.admin.token", TOKEN);
        properties.putAll(extra);
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        // Own Reactor Netty resources, so closing one instance leaves the JVM-wide ones alone.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(
                        ctx -> ((GenericApplicationContext) ctx).registerBean(ReactorResourceFactory.class, () -> {
                            ReactorResourceFactory resources = new ReactorResourceFactory();
                            resources.setUseGlobalResources(false);
                            return resources;
                        }))
                .run(args);
        contexts.add(context);
        return context;
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
