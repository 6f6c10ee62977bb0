package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What JAIN-SIP writes at WARN and ERROR reaches the log as one short line without a stack trace or
 * the packet it quotes, at most once a minute per kind; complaints about malformed messages, which
 * the transport guard reports itself, do not reach WARN at all.
 */
class Slf4jStackLoggerTest {

    private final Slf4jStackLogger stackLogger = new Slf4jStackLogger();

    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e";
    private static final String INVITE = "INVITE sip:+15550100@gw SIP/2.0\r\nContent-Type: application/sdp\r\n\r\n"
            + "v=0\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31\r\n";

    @Test
    void shouldWriteAStackErrorAsOneShortLineWithoutTraceOrPacket() {
        try (LogCapture log = new LogCapture()) {
            // Given the stack's error about a packet, quoting it as decimals, with an exception
            byte[] packet = "INVITE sip:secret-token@gw SIP/2.0\r\n".repeat(200).getBytes();
            String message = "Error while processing incoming UDP packet" + Arrays.toString(packet);

            // When it is logged 10 times
            for (int i = 0; i < 10; i++) {
                stackLogger.logError(message, new NullPointerException("getMethod() on null"));
            }

            // Then one line says what happened and why, and nothing of the packet
            List<ILoggingEvent> lines = log.atLeast(Level.WARN);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).getThrowableProxy()).isNull();
            assertThat(lines.get(0).getFormattedMessage())
                    .isEqualTo("Error while processing incoming UDP packet: "
                            + "java.lang.NullPointerException: getMethod() on null");
        }
    }

    @Test
    void shouldKeepComplaintsAboutMalformedMessagesOutOfWarn() {
        try (LogCapture log = new LogCapture()) {
            // When the stack complains about a message missing headers, quoting it
            stackLogger.logError("bad message INVITE sip:secret-token@gw SIP/2.0\r\nVia: x\r\n");
            stackLogger.logError(">>> Dropped Bad Msg");

            // Then nothing reaches WARN or ERROR
            assertThat(log.atLeast(Level.WARN)).isEmpty();
        }
    }

    @Test
    void shouldMaskSdesKeysInMessagesTheStackQuotes() {
        // Given the stack quoting a bad message's text, When it is made safe
        String safe = Slf4jStackLogger.safe("bad message " + INVITE);

        // Then the key is gone and the rest is readable
        assertThat(safe).doesNotContain(KEY).contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<redacted>|2^31");
    }

    @Test
    void shouldElidePacketDumpsInWhichAKeyWouldBeReadableAsBytes() {
        // Given the stack's "Error while processing incoming UDP packet" with Arrays.toString of the datagram
        String message = "Error while processing incoming UDP packet"
                + Arrays.toString(INVITE.getBytes(StandardCharsets.US_ASCII));

        // When it is made safe
        String safe = Slf4jStackLogger.safe(message);

        // Then the bytes are gone and the line is short
        assertThat(safe).isEqualTo("Error while processing incoming UDP packet[packet bytes elided]");
    }

    @Test
    void shouldLeaveOrdinaryMessagesAlone() {
        assertThat(Slf4jStackLogger.safe("serving msg on call id abc [1, 2]"))
                .isEqualTo("serving msg on call id abc [1, 2]");
    }
}
