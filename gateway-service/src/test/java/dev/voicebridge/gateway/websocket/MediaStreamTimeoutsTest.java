package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.admin.http.HttpServerLimits;
import dev.voicebridge.gateway.call.EndReason;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The HTTP server's idle timeout ends slow clients, never an upgraded media stream; the media
 * timeout ends a started stream whose source has gone silent.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = MediaStreamTimeoutsTest.TransportWithLimits.class,
        properties = {
            "voicebridge.websocket.token=s3cret-media-token",
            "voicebridge.http.idle-timeout=500ms",
            "voicebridge.websocket.media-timeout=3s",
            "management.endpoint.health.validate-group-membership=false"
        })
class MediaStreamTimeoutsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({MediaStreamConfiguration.class, HttpServerLimits.class})
    static class TransportWithLimits {
        @Bean
        Clock wallClock() {
            return Clock.systemUTC();
        }

        @Bean
        RecordingCallSessions callSessions() {
            return new RecordingCallSessions();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingCallSessions sessions;

    @BeforeEach
    void reset() {
        sessions.reset();
    }

    @Test
    void shouldKeepAnUpgradedMediaStreamOpenLongPastTheHttpIdleTimeout() throws Exception {
        // Given a started media stream on a server whose HTTP idle timeout is 500 ms
        try (MediaStreamTestClient client = MediaStreamTestClient.withToken(
                URI.create("ws://127.0.0.1:" + port + "/media"), "s3cret-media-token")) {
            client.sendFixture("twilio-start.json");
            RecordingCallSessions.Call call = sessions.awaitCall(1);

            // When the source sends nothing for three times the timeout, then a frame
            Thread.sleep(1_500);
            client.sendMedia("MZ18ad3ab5a668481ce02b83e7395059f0", new byte[160]);

            // Then the stream is still open and the frame reached the call
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !call.frames.isEmpty());
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void shouldEndAStartedStreamThatSendsNoMediaForTheMediaTimeout() {
        // Given a stream that starts a call and then sends nothing (media timeout 3 s)
        try (MediaStreamTestClient client = MediaStreamTestClient.withToken(
                URI.create("ws://127.0.0.1:" + port + "/media"), "s3cret-media-token")) {
            client.send(MediaStreamTestClient.fixture("twilio-start.json").replace("call-42", "call-silent"));
            RecordingCallSessions.Call call = sessions.awaitCall(1);

            // Then the call ends as a media timeout and the source is told why
            assertThat(call.awaitEnded()).isEqualTo(EndReason.MEDIA_TIMEOUT);
            assertThat(client.awaitClosed()).isEqualTo(new MediaStreamTestClient.Closed(1008, "no media for 3000 ms"));
        }
    }
}
