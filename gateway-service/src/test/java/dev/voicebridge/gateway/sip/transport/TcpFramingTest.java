package dev.voicebridge.gateway.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The TCP framing must end each message where JAIN-SIP does, however the bytes are split, or a good
 * peer would be timed out (a message thought unfinished) or a slow one let through.
 */
class TcpFramingTest {

    private static final String OPTIONS = "OPTIONS sip:gw@10.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 10.0.0.2:5060;branch=z9hG4bK-1\r\n"
            + "From: <sip:a@10.0.0.2>;tag=1\r\nTo: <sip:gw@10.0.0.1>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    private static final String INVITE_WITH_BODY = "INVITE sip:gw@10.0.0.1 SIP/2.0\r\n"
            + "v: SIP/2.0/TCP 10.0.0.2:5060;branch=z9hG4bK-2\r\n"
            + "f: <sip:a@10.0.0.2>;tag=1\r\nt: <sip:gw@10.0.0.1>\r\ni: c2\r\nCSeq: 1 INVITE\r\n"
            + "Content-Type: application/sdp\r\nContent-Length: 10\r\n\r\nv=0\r\no=x\r\n";

    private final List<String> ended = new ArrayList<>();
    private final TcpFraming framing = new TcpFraming(16384, new TcpFraming.Listener() {
        @Override
        public void ended(long bytes, String fault) {
            ended.add(bytes + ":" + fault);
        }

        @Override
        public void oversized(long bytes) {
            ended.add("oversized");
        }
    });

    @Test
    void shouldEndEachMessageWhereItEndsHoweverTheBytesAreSplit() {
        // Given a keep-alive, an OPTIONS and an INVITE with a body, back to back
        byte[] stream = ("\r\n\r\n" + OPTIONS + INVITE_WITH_BODY).getBytes(StandardCharsets.ISO_8859_1);

        // When they arrive in chunks of every size from 1 to 40 bytes
        for (int chunk = 1; chunk <= 40; chunk++) {
            ended.clear();
            for (int i = 0; i < stream.length; i += chunk) {
                framing.feed(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + chunk)), 5);
            }

            // Then both messages ended, with no fault, and nothing is left half-received
            assertThat(ended)
                    .as("chunks of %d", chunk)
                    .containsExactly(OPTIONS.length() + ":null", INVITE_WITH_BODY.length() + ":null");
            assertThat(framing.startedAt()).isZero();
        }
    }

    @Test
    void shouldKnowWhenAMessageHasStartedAndNotFinished() {
        // When half an OPTIONS arrives at t=7
        framing.feed(OPTIONS.substring(0, 50).getBytes(StandardCharsets.ISO_8859_1), 7);

        // Then it is in progress since 7, and ends when the rest arrives
        assertThat(framing.startedAt()).isEqualTo(7);
        framing.feed(OPTIONS.substring(50).getBytes(StandardCharsets.ISO_8859_1), 9);
        assertThat(framing.startedAt()).isZero();
        assertThat(ended).containsExactly(OPTIONS.length() + ":null");
    }

    @Test
    void shouldNameWhatIsWrongWithAHead() {
        // When a request without From and CSeq, and then binary garbage, arrive
        framing.feed(
                OPTIONS.replace("From: <sip:a@10.0.0.2>;tag=1\r\n", "")
                        .replace("CSeq: 1 OPTIONS\r\n", "")
                        .getBytes(StandardCharsets.ISO_8859_1),
                1);
        framing.feed("\u0001\u0002 junk\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 2);

        // Then each is named
        assertThat(ended).hasSize(2);
        assertThat(ended.get(0)).endsWith("missing mandatory header(s): From, CSeq");
        assertThat(ended.get(1)).endsWith("no SIP request or status line");
    }
}
