package dev.voicebridge.gateway.sip;

import java.util.LinkedHashMap;
import java.util.Map;

/** Hostile and broken SIP in the spirit of RFC 4475's torture tests, named by what is wrong. */
final class MalformedSip {

    private MalformedSip() {}

    static Map<String, String> catalogue(int gatewayPort, int localPort, int round) {
        String target = "127.0.0.1:" + gatewayPort;
        String via = "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=z9hG4bK-bad-" + round + "-";
        Map<String, String> m = new LinkedHashMap<>();
        m.put("binary garbage", "\u0000\u0001\u00ff\u00fe hello \r\n\r\n");
        m.put("unknown method", request("NEWMETHOD", "sip:x@" + target, via + "1", "1 NEWMETHOD", "", ""));
        m.put("REGISTER", request("REGISTER", "sip:" + target, via + "2", "1 REGISTER", "", ""));
        m.put(
                "Content-Length larger than body",
                "OPTIONS sip:x@" + target + " SIP/2.0\r\n" + via + "3\r\n"
                        + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:x@" + target + ">\r\nCall-ID: cl-" + round + "\r\n"
                        + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 9999\r\n\r\nshort");
        m.put(
                "negative Content-Length",
                request("OPTIONS", "sip:x@" + target, via + "4", "1 OPTIONS", "Content-Length: -999\r\n", null));
        m.put(
                "missing Call-ID",
                "OPTIONS sip:x@" + target + " SIP/2.0\r\n" + via + "5\r\n"
                        + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:x@" + target + ">\r\nCSeq: 1 OPTIONS\r\n"
                        + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        m.put(
                "CSeq overflow",
                request("OPTIONS", "sip:x@" + target, via + "6", "36893488147419103232 OPTIONS", "", ""));
        m.put(
                "INVITE without Contact",
                request("INVITE", "sip:x@" + target, via + "7", "1 INVITE", "", "")
                        .replace("Contact: <sip:a@127.0.0.1>\r\n", ""));
        m.put(
                "unknown URI scheme",
                request("OPTIONS", "nobodyKnowsThisScheme:totallyopaquecontent", via + "8", "1 OPTIONS", "", ""));
        m.put(
                "SDP garbage",
                request(
                        "INVITE",
                        "sip:x@" + target,
                        via + "9",
                        "1 INVITE",
                        "Content-Type: application/sdp\r\n",
                        "this is not SDP\r\n"));
        m.put("no SDP offer", request("INVITE", "sip:x@" + target, via + "10", "1 INVITE", "", ""));
        m.put(
                "unsupported Require",
                request("INVITE", "sip:x@" + target, via + "11", "1 INVITE", "Require: 100rel, foo\r\n", ""));
        m.put(
                "BYE for no dialog",
                request("BYE", "sip:x@" + target, via + "12", "2 BYE", "", "")
                        .replace("To: <sip:x@" + target + ">", "To: <sip:x@" + target + ">;tag=nosuchdialog"));
        m.put(
                "oversized request",
                request(
                        "OPTIONS",
                        "sip:x@" + target,
                        via + "13",
                        "1 OPTIONS",
                        "Subject: " + "A".repeat(20_000) + "\r\n",
                        ""));
        return m;
    }

    private static String request(
            String method, String uri, String via, String cseq, String extraHeaders, String body) {
        String content = body == null ? "" : body;
        String length = extraHeaders.contains("Content-Length") ? "" : "Content-Length: " + content.length() + "\r\n";
        return method + " " + uri + " SIP/2.0\r\n" + via + "\r\n"
                + "From: <sip:a@127.0.0.1>;tag=bad\r\n"
                + "To: <sip:x@127.0.0.1>\r\n"
                + "Call-ID: malformed-" + via.hashCode() + "-" + method + "\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "Max-Forwards: 70\r\n"
                + (method.equals("INVITE") ? "Contact: <sip:a@127.0.0.1>\r\n" : "")
                + extraHeaders + length + "\r\n" + content;
    }
}
