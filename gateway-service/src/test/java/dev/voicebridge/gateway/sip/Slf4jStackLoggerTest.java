package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Slf4jStackLoggerTest {

    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e";
    private static final String INVITE = "INVITE sip:+15550100@gw SIP/2.0\r\nContent-Type: application/sdp\r\n\r\n"
            + "v=0\r\nm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^31\r\n";

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
