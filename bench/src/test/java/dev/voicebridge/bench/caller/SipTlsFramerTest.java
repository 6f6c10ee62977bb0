package dev.voicebridge.bench.caller;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TLS callers read whole SIP messages out of the stream, however TLS records cut it. */
class SipTlsFramerTest {

    private static final String OK = "SIP/2.0 200 OK\r\nCall-ID: a\r\nContent-Length: 10\r\n\r\nv=0\r\ns=-\r\n";
    private static final String BYE = "BYE sip:bench@127.0.0.1 SIP/2.0\r\ni: b\r\nl: 0\r\n\r\n";

    @Test
    void shouldCutMessagesByContentLengthAcrossAnySplitAndSkipKeepAlives() {
        // Given a stream of a keep-alive, a 200 with a body, and a BYE in compact form
        String stream = "\r\n\r\n" + OK + BYE;
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);

        for (int cut = 1; cut < bytes.length; cut++) {
            // When it arrives in two pieces, cut anywhere
            EmbeddedChannel channel = new EmbeddedChannel(new SipTlsConnection.Framer());
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, cut));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));

            // Then exactly the two messages come out, whole
            List<String> messages = new ArrayList<>();
            for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
                messages.add((String) m);
            }
            assertThat(messages).as("cut at %d", cut).containsExactly(OK, BYE);
            channel.finishAndReleaseAll();
        }
    }
}
