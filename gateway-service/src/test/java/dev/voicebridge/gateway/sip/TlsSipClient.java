package dev.voicebridge.gateway.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A SIP caller over one TLS connection, writing requests as text: enough to see what the TLS
 * listener answers, independently of JAIN-SIP's client side. Used by one test thread.
 */
final class TlsSipClient implements AutoCloseable {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:Content-Length|l)\\s*:\\s*(\\d+)");

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    TlsSipClient(SSLContext context, int port) throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        socket.startHandshake();
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The TLS version the gateway agreed to. */
    String protocol() {
        return socket.getSession().getProtocol();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    void send(String message) throws IOException {
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next message on the connection, whole (head and Content-Length body). */
    String read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue; // keep-alive CRLFs between messages
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.UTF_8);
        Matcher length = CONTENT_LENGTH.matcher(text);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return text + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    /** Reads past provisional responses to the first final one. */
    String readFinal() throws IOException {
        while (true) {
            String message = read();
            if (message.startsWith("SIP/2.0 ") && message.charAt(8) != '1') {
                return message;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
