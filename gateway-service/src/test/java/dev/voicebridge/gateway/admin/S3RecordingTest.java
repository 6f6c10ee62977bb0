package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.voicebridge.gateway.events.CallEvent;
import dev.voicebridge.gateway.events.CallEvents;
import dev.voicebridge.gateway.logging.LogCapture;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.ResponseAudio;
import dev.voicebridge.simulator.SimulatorOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Recordings uploaded to S3 (GATEWAY_RECORDING_BUCKET), WireMock playing S3 behind
 * GATEWAY_RECORDING_ENDPOINT: the object that arrives, the call record's {@code s3://} location,
 * and an S3 that fails, which must cost the call nothing and keep the file.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class S3RecordingTest {

    private static final String BUCKET = "vb-recordings";
    private static final String OBJECTS = "/" + BUCKET + "/calls/2026/";

    @TempDir
    static Path dir;

    private static WireMockServer s3;
    private static RealtimeSimulator azure;
    private static GatewayRun gateway;

    @BeforeAll
    static void start() throws IOException {
        // The SDK's default credentials chain reads these; WireMock does not check signatures.
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        s3 = new WireMockServer(options().dynamicPort());
        s3.start();
        s3.stubFor(put(urlPathMatching(OBJECTS + ".*"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"3858f62230ac3c915f300c664312c11f\"")));
        s3.stubFor(put(urlPathEqualTo(OBJECTS + "sma-rec-s3-down.wav"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/xml")
                        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                                + "<Message>We encountered an internal error. Please try again.</Message></Error>")));
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .speed(4.0)
                .responseAudio(ResponseAudio.TONE)
                .tone(Duration.ofMillis(400))
                .build());
        gateway = new GatewayRun(
                azure,
                Map.of(
                        "voicebridge.profiles.file", CallRecordingTest.profiles(dir),
                        "voicebridge.recording.bucket", BUCKET,
                        "voicebridge.recording.prefix", "calls/2026/",
                        "voicebridge.recording.dir", dir.resolve("spool").toString(),
                        "voicebridge.recording.endpoint", s3.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        azure.close();
        s3.stop();
    }

    @Test
    void shouldUploadTheRecordingToTheBucketAndPutItsS3LocationOnTheCallRecord() {
        // Given a recorded call in which the caller spoke a 1 kHz tone
        call("gw-rec-s3", "sma-rec-s3");

        // When the call has ended
        String location = await(
                () -> json(gateway.http.get("/api/calls/sma-rec-s3", AdminApplicationTest.ADMIN_TOKEN))
                        .path("recording")
                        .asString(null),
                "the recording's location on the call record");

        // Then S3 received one PutObject at prefix + call id + .wav, and the record points at it
        assertThat(location).isEqualTo("s3://" + BUCKET + "/calls/2026/sma-rec-s3.wav");
        List<LoggedRequest> puts = s3.findAll(putRequestedFor(urlPathEqualTo(OBJECTS + "sma-rec-s3.wav")));
        assertThat(puts).hasSize(1);
        // And the object is the call's WAV: stereo 16-bit at 8 kHz, as long as call.recorded says,
        // with the caller's tone on the left
        StereoWav wav = new StereoWav(payload(puts.getFirst()));
        assertThat(wav.channels).isEqualTo(2);
        assertThat(wav.sampleRate).isEqualTo(8000);
        assertThat(wav.bitsPerSample).isEqualTo(16);
        assertThat(wav.dataSize).isEqualTo(wav.left.length * 4L);
        CallEvent recorded = events("gw-rec-s3").stream()
                .filter(e -> e.type().equals("call.recorded"))
                .findFirst()
                .orElseThrow();
        assertThat(recorded.data()).containsEntry("location", location);
        assertThat(((Number) recorded.data().get("durationMs")).longValue()).isEqualTo(wav.durationMillis());
        assertThat(IntStream.range(0, wav.windows(wav.left, 100))
                        .mapToDouble(i -> wav.share(wav.left, i, 100, CallRecordingTest.CALLER_HZ)))
                .anyMatch(share -> share > 0.8);
        // And the local file is gone
        assertThat(dir.resolve("spool").resolve("sma-rec-s3.wav")).doesNotExist();
    }

    @Test
    void shouldKeepTheFileAndEndTheCallNormallyWhenS3Fails() {
        try (LogCapture logs = LogCapture.start()) {
            // Given S3 answering 500 to the upload of this call's recording
            // When a recorded call ends
            call("gw-rec-s3-down", "sma-rec-s3-down");

            // Then one WARN names the call and where the file is kept, with no stack trace
            Path kept = dir.resolve("spool").resolve("sma-rec-s3-down.wav");
            List<ILoggingEvent> warnings = await(
                    () -> {
                        List<ILoggingEvent> w = logs.events().stream()
                                .filter(e -> e.getLevel() == Level.WARN
                                        && e.getLoggerName().startsWith("dev.voicebridge.gateway.recording"))
                                .toList();
                        return w.isEmpty() ? null : w;
                    },
                    "the upload's warning");
            assertThat(warnings).hasSize(1);
            ILoggingEvent warning = warnings.getFirst();
            assertThat(warning.getMDCPropertyMap()).containsEntry("callId", "gw-rec-s3-down");
            assertThat(warning.getFormattedMessage()).contains(kept.toString()).contains("s3://" + BUCKET);
            assertThat(warning.getThrowableProxy()).isNull();
            // And the file is still there, a whole WAV
            assertThat(kept).exists();
            assertThat(new StereoWav(read(kept)).channels).isEqualTo(2);
            // And the call ended as the caller ended it, with no recording on its record
            JsonNode call = json(gateway.http.get("/api/calls/sma-rec-s3-down", AdminApplicationTest.ADMIN_TOKEN));
            assertThat(call.path("state").asString()).isEqualTo("ENDED");
            assertThat(call.path("endReason").asString()).isEqualTo("CALLER_HANGUP");
            assertThat(call.path("recording").isMissingNode()
                            || call.path("recording").isNull())
                    .isTrue();
            assertThat(events("gw-rec-s3-down")).extracting(CallEvent::type).doesNotContain("call.recorded");
        }
    }

    private static void call(String callId, String smaTransactionId) {
        try (MediaCaller caller = MediaCaller.callThroughSma(
                gateway.http.media(),
                AdminApplicationTest.MEDIA_TOKEN,
                callId,
                smaTransactionId,
                "sma-1",
                CallRecordingTest.RECORDED_NUMBER)) {
            PacedSpeech.send(caller, PacedSpeech.silenceToneSilence(300, 600, 300, CallRecordingTest.CALLER_HZ));
        }
    }

    private static List<CallEvent> events(String callId) {
        return gateway.bean(CallEvents.class).call(callId).collectList().block(Duration.ofSeconds(5));
    }

    private static byte[] read(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The object's bytes as S3 stores them: the body itself, or, for the SDK's {@code aws-chunked}
     * content encoding, the data of its chunks ("hex-size[;extensions]\r\n data \r\n", ending with
     * a 0-size chunk and optional trailers).
     */
    static byte[] payload(LoggedRequest put) {
        byte[] body = put.getBody();
        String encoding = put.containsHeader("Content-Encoding") ? put.getHeader("Content-Encoding") : "";
        if (!encoding.contains("aws-chunked")) {
            return body;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = indexOfCrlf(body, at);
            String line = new String(body, at, eol - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(line.split(";")[0].strip(), 16);
            at = eol + 2;
            if (size == 0) {
                return data.toByteArray();
            }
            data.write(body, at, size);
            at += size + 2;
        }
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no CRLF after " + from);
    }
}
