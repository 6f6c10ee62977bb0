package dev.voicebridge.gateway.sip.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses SDP leniently where RFC 4566 parsers in the field are lenient (line endings, unknown lines,
 * attribute order) and strictly where a mistake would send media to the wrong place (c=, m=, rtpmap).
 */
public final class SdpParser {

    static final int MAX_LINES = 200;
    static final int MAX_CRYPTO = 16;

    private SdpParser() {}

    public static SessionDescription parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("SDP body is empty");
        }
        String[] lines = sdp.split("\r?\n");
        if (lines.length > MAX_LINES) {
            throw new SdpException("SDP has " + lines.length + " lines, more than " + MAX_LINES);
        }
        if (!lines[0].startsWith("v=0")) {
            throw new SdpException("SDP must start with v=0, not '" + abbreviate(lines[0]) + "'");
        }
        long sessionId = 0;
        long sessionVersion = 0;
        String sessionConnection = null;
        MediaDirection sessionDirection = null;
        List<SessionDescription.Media> media = new ArrayList<>();
        MediaBuilder current = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("SDP line " + (i + 1) + " is not <type>=<value>: '" + abbreviate(line) + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 'o' -> {
                    String[] f = value.split(" ");
                    if (f.length != 6) {
                        throw new SdpException(
                                "o= line needs 6 fields, has " + f.length + ": '" + abbreviate(line) + "'");
                    }
                    sessionId = parseLong(f[1], "o= session id");
                    sessionVersion = parseLong(f[2], "o= session version");
                }
                case 'c' -> {
                    String address = parseConnection(value);
                    if (current == null) {
                        sessionConnection = address;
                    } else {
                        current.connection = address;
                    }
                }
                case 'm' -> {
                    if (current != null) {
                        media.add(current.build());
                    }
                    current = parseMediaLine(value);
                }
                case 'a' -> {
                    String name = value.contains(":") ? value.substring(0, value.indexOf(':')) : value;
                    String arg = value.contains(":") ? value.substring(value.indexOf(':') + 1) : "";
                    MediaDirection direction = MediaDirection.fromAttribute(name);
                    if (direction != null) {
                        if (current == null) {
                            sessionDirection = direction;
                        } else {
                            current.direction = direction;
                        }
                    } else if (current != null) {
                        current.attribute(name, arg);
                    }
                }
                default -> {
                    // s=, t=, b=, i=, k= and the rest do not change how the gateway answers.
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        return new SessionDescription(
                sessionId,
                sessionVersion,
                sessionConnection,
                sessionDirection == null ? MediaDirection.SENDRECV : sessionDirection,
                media);
    }

    private static String parseConnection(String value) {
        String[] f = value.split(" ");
        if (f.length != 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
            throw new SdpException("c= line must be 'IN IP4|IP6 <address>', not '" + abbreviate(value) + "'");
        }
        String address = f[2];
        int slash = address.indexOf('/');
        if (slash >= 0) {
            throw new SdpException("c= multicast address " + abbreviate(address) + " is not supported");
        }
        if (address.isEmpty() || address.length() > 255) {
            throw new SdpException("c= address is empty or too long");
        }
        return address;
    }

    private static MediaBuilder parseMediaLine(String value) {
        String[] f = value.split(" ");
        if (f.length < 4) {
            throw new SdpException("m= line needs media, port, proto and formats: '" + abbreviate(value) + "'");
        }
        MediaBuilder m = new MediaBuilder();
        m.type = f[0];
        String port = f[1].contains("/") ? f[1].substring(0, f[1].indexOf('/')) : f[1];
        m.port = (int) parseLong(port, "m= port");
        if (m.port < 0 || m.port > 65535) {
            throw new SdpException("m= port " + m.port + " is not 0..65535");
        }
        m.protocol = f[2];
        for (int i = 3; i < f.length; i++) {
            if (!f[i].isEmpty()) {
                m.formats.add(f[i]);
            }
        }
        return m;
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new SdpException(what + " '" + abbreviate(s) + "' is not a number");
        }
    }

    /** Cut for an error message, and with any SDES key masked: these messages reach logs and Warning headers. */
    private static String abbreviate(String s) {
        String safe = CryptoAttribute.redact(s);
        return safe.length() <= 80 ? safe : safe.substring(0, 80) + "...";
    }

    private static final class MediaBuilder {
        String type;
        int port;
        String protocol;
        final List<String> formats = new ArrayList<>();
        String connection;
        final Map<Integer, SessionDescription.RtpMap> rtpMaps = new HashMap<>();
        final Map<Integer, String> fmtp = new HashMap<>();
        MediaDirection direction;
        int rtcpPort;
        final List<CryptoAttribute> crypto = new ArrayList<>();

        void attribute(String name, String arg) {
            switch (name) {
                case "rtpmap" -> {
                    String[] f = arg.split(" ", 2);
                    if (f.length != 2 || !f[1].contains("/")) {
                        throw new SdpException(
                                "a=rtpmap must be '<pt> <encoding>/<rate>', not '" + abbreviate(arg) + "'");
                    }
                    int pt = (int) parseLong(f[0], "a=rtpmap payload type");
                    String[] enc = f[1].split("/");
                    rtpMaps.put(pt, new SessionDescription.RtpMap(pt, enc[0], (int)
                            parseLong(enc[1], "a=rtpmap clock rate")));
                }
                case "fmtp" -> {
                    String[] f = arg.split(" ", 2);
                    if (f.length == 2) {
                        try {
                            fmtp.put(Integer.parseInt(f[0]), f[1]);
                        } catch (NumberFormatException ignored) {
                            // fmtp for a non-RTP format: not ours to interpret.
                        }
                    }
                }
                case "crypto" -> {
                    if (crypto.size() >= MAX_CRYPTO) {
                        throw new SdpException("more than " + MAX_CRYPTO + " a=crypto lines in one m= section");
                    }
                    crypto.add(CryptoAttribute.parse(arg));
                }
                case "rtcp" -> rtcpPort = (int) parseLong(arg.split(" ")[0], "a=rtcp port");
                default -> {
                    // ptime, maxptime, ssrc, label...: the gateway sends 20 ms whatever is asked.
                }
            }
        }

        SessionDescription.Media build() {
            return new SessionDescription.Media(
                    type, port, protocol, formats, connection, rtpMaps, fmtp, direction, rtcpPort, crypto);
        }
    }
}
