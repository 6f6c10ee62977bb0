package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console's meeting bridge in a real browser against stand-ins for everything it talks to:
 * the gateway's POST /api/meetings with WireMock as chime-sdk-meetings, whose CreateMeeting answer
 * points SignalingUrl at {@link ChimeSignalingStandIn}; POST /api/realtime/client-secrets with the
 * Realtime simulator as Azure, whose WebRTC entry (/openai/v1/realtime/calls) the page calls with
 * the secret; and a second Chromium (media-peers.html) as the two far ends of the media: the
 * simulator's WebRTC media edge, and the meeting's media peer that amazon-chime-sdk-js's SDP offer
 * is relayed to. What is proven, end to end over real WebRTC: the assistant's audio (the simulator's
 * response) reaches the meeting, and the meeting's audio (the "phone attendee") reaches the
 * simulator's session, which hears it as speech.
 */
class ConsoleMeetingBridgeTest extends AdminApplicationTest {

    private static final String MEETING_ID = "7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e";
    private static final String ATTENDEE_ID = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
    private static final String JOIN_TOKEN = "M2U0ZjVhNmItN2M4ZC00ZTlmLWEwYjEtYzJkM2U0ZjVhNmI3OmJyaWRnZS1zZWNyZXQ";

    private static ChimeSignalingStandIn signaling;
    private static StubMapping createMeeting;
    private static StubMapping createAttendee;
    private static Chromium console;
    private static Chromium peers;

    @BeforeAll
    static void standIns() throws Exception {
        signaling = new ChimeSignalingStandIn();
        signaling.expect(JOIN_TOKEN, ATTENDEE_ID);
        String meeting = """
                {"MeetingId":"%s","ExternalMeetingId":"voicebridge-bridge","MediaRegion":"us-west-2",
                 "MediaPlacement":{"AudioHostUrl":"127.0.0.1:3478","AudioFallbackUrl":"wss://127.0.0.1/calls/%s",
                   "SignalingUrl":"%s","TurnControlUrl":"https://127.0.0.1/v2/turn_sessions",
                   "ScreenDataUrl":"wss://127.0.0.1/v2/screen/%s","ScreenViewingUrl":"wss://127.0.0.1/ws/connect",
                   "ScreenSharingUrl":"wss://127.0.0.1/v2/screen/%s"},
                 "MeetingArn":"arn:aws:chime:us-west-2:123456789012:meeting/%s"}""".formatted(
                        MEETING_ID, MEETING_ID, signaling.signalingUrl(MEETING_ID), MEETING_ID, MEETING_ID, MEETING_ID);
        String attendee = """
                {"ExternalUserId":"admin-token","AttendeeId":"%s","JoinToken":"%s"}""".formatted(ATTENDEE_ID, JOIN_TOKEN);
        // Ahead of MeetingsApiTest's CreateMeeting answer on the shared WireMock, for this class only.
        createMeeting = IdentityProvider.server()
                .stubFor(post(urlPathEqualTo("/meetings"))
                        .atPriority(1)
                        .willReturn(okJson("{\"Meeting\":" + meeting + "}")));
        createAttendee = IdentityProvider.server()
                .stubFor(post(urlPathEqualTo("/meetings/" + MEETING_ID + "/attendees"))
                        .willReturn(okJson("{\"Attendee\":" + attendee + "}")));
        console = new Chromium();
        peers = new Chromium();
        peers.driver.get(page("console-bridge/media-peers.html"));
        Object connected = peers.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " window.connectPeers(arguments[0], arguments[1]).then(done, e => done(String(e)));",
                AZURE.webRtcEdgeUri().toString(),
                signaling.peerUrl());
        assertThat(connected).isEqualTo(Boolean.TRUE);
    }

    @AfterAll
    static void stop() {
        IdentityProvider.server().removeStub(createMeeting);
        IdentityProvider.server().removeStub(createAttendee);
        for (AutoCloseable c : new AutoCloseable[] {console, peers, signaling}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what is left
            }
        }
    }

    @Test
    void shouldBridgeTheAssistantsVoiceIntoTheMeetingAndTheMeetingsAudioToTheAssistant() {
        // Given a signed-in console and Azure's WebRTC calls so far
        int callsBefore = AZURE.webRtcCalls().size();
        console.driver.get(http().uri("/console").toString());
        console.waiting(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
        console.driver.findElement(By.id("token")).sendKeys(ADMIN_TOKEN);
        console.driver.findElement(By.id("sign-in-button")).click();
        console.waiting(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("bridge")));

        // When the operator starts the meeting bridge
        console.driver.findElement(By.cssSelector("#bridge summary")).click();
        console.driver.findElement(By.id("bridge-start")).click();

        // Then the page is bridged: in the meeting, and in its own Azure session
        console.waiting(Duration.ofSeconds(40)).until(d -> {
            Object state = console.js("return window.vbConsole.bridge.state");
            return "bridged".equals(state) || "failed".equals(state);
        });
        assertThat(console.js("return window.vbConsole.bridge.lastError")).isNull();
        assertThat(console.js("return window.vbConsole.bridge.state")).isEqualTo("bridged");

        // And amazon-chime-sdk-js joined at the join info's SignalingUrl with the attendee's JoinToken
        List<ChimeSignalingStandIn.Joined> joined = signaling.connections();
        assertThat(joined).isNotEmpty();
        assertThat(joined.get(0).path()).isEqualTo("/control/" + MEETING_ID);
        assertThat(joined.get(0).query()).contains("X-Chime-Control-Protocol-Version=3");
        assertThat(joined.get(0).joinToken()).isEqualTo(JOIN_TOKEN);
        assertThat(joined.get(0).frameTypes()).contains(1, 3); // JOIN, SUBSCRIBE
        console.waiting(Duration.ofSeconds(10))
                .until(d -> ((List<?>) console.js("return window.vbConsole.bridge.attendees"))
                        .contains(ChimeSignalingStandIn.PHONE_ATTENDEE));

        // And Azure's session was opened with the client secret, through its WebRTC entry
        Map<String, Boolean> calls = AZURE.webRtcCalls();
        assertThat(calls).hasSize(callsBefore + 1);
        assertThat(calls.values()).containsOnly(true);

        // And the assistant's voice (the simulator's answer to response.create) reaches the meeting
        peers.waiting(Duration.ofSeconds(20)).until(d -> peerNumber("heard.voiced") >= 5);
        assertThat(console.measured("bridge.toMeeting.voiced")).isGreaterThan(0);
        assertThat(peerNumber("heard.peakRms")).isGreaterThan(0.05);

        // When the phone attendee speaks in the meeting
        peers.js("window.peers.phoneOn = true");
        try {
            // Then the console hands it to Azure, and the simulator's session hears speech
            console.waiting(Duration.ofSeconds(10)).until(d -> console.measured("bridge.fromMeeting.voiced") >= 5);
            peers.waiting(Duration.ofSeconds(20))
                    .until(d -> ((List<?>) peers.js("return window.peers.sidebandEvents"))
                            .contains("input_audio_buffer.speech_started"));
        } finally {
            peers.js("window.peers.phoneOn = false");
        }
        assertThat((List<?>) peers.js("return window.peers.errors")).isEmpty();

        // And the operator can stop the bridge
        console.driver.findElement(By.id("bridge-stop")).click();
        assertThat(console.js("return window.vbConsole.bridge.state")).isEqualTo("stopped");
    }

    private static double peerNumber(String path) {
        Object value = peers.js("return Number(window.peers." + path + ")");
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static String page(String resource) throws URISyntaxException {
        return Path.of(ConsoleMeetingBridgeTest.class
                        .getClassLoader()
                        .getResource(resource)
                        .toURI())
                .toUri()
                .toString();
    }
}
