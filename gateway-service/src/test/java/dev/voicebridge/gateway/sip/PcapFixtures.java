package dev.voicebridge.gateway.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the pcap files SIPp replays as the caller's RTP ({@code play_pcap_audio}): G.711 speech and
 * RFC 4733 DTMF, one packet every 20 ms, wrapped in Ethernet/IPv4/UDP as SIPp expects. Run by
 * {@code src/test/resources/sipp/make-fixtures.sh}; self-contained so it runs with the Java source
 * launcher: {@code java PcapFixtures.java speech <in.ulaw> <out.pcap>} or
 * {@code java PcapFixtures.java dtmf <digits> <out.pcap>}.
 */
public final class PcapFixtures {

    private static final int FRAME_BYTES = 160;

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: speech <in.ulaw> <out.pcap> | dtmf <digits> <out.pcap>");
        }
        byte[] pcap = switch (args[0]) {
            case "speech" -> speech(Files.readAllBytes(Path.of(args[1])));
            case "dtmf" -> dtmf(args[1]);
            default -> throw new IllegalArgumentException("unknown fixture kind " + args[0]);
        };
        Files.write(Path.of(args[2]), pcap);
    }

    /** PCMU payload type 0, SSRC 0x11223344. */
    static byte[] speech(byte[] ulaw) {
        Pcap pcap = new Pcap();
        int seq = 1000;
        long ts = 8000;
        boolean first = true;
        for (int offset = 0; offset + FRAME_BYTES <= ulaw.length; offset += FRAME_BYTES) {
            byte[] payload = new byte[FRAME_BYTES];
            System.arraycopy(ulaw, offset, payload, 0, FRAME_BYTES);
            pcap.add(rtp(0, first, seq++, ts, 0x11223344L, payload));
            ts += FRAME_BYTES;
            first = false;
        }
        return pcap.bytes();
    }

    /** telephone-event payload type 101, SSRC 0x55667788: 100 ms a digit, end sent 3 times, 60 ms apart. */
    static byte[] dtmf(String digits) {
        Pcap pcap = new Pcap();
        int seq = 5000;
        long ts = 16000;
        for (char digit : digits.toCharArray()) {
            int event = "0123456789*#ABCD".indexOf(digit);
            for (int i = 1; i <= 5; i++) {
                pcap.add(rtp(101, i == 1, seq++, ts, 0x55667788L, event(event, false, i * FRAME_BYTES)));
            }
            for (int i = 0; i < 3; i++) {
                pcap.add(rtp(101, false, seq++, ts, 0x55667788L, event(event, true, 5 * FRAME_BYTES)));
            }
            pcap.skip(3);
            ts += 11 * FRAME_BYTES;
        }
        return pcap.bytes();
    }

    static byte[] event(int event, boolean end, int duration) {
        return ByteBuffer.allocate(4)
                .put((byte) event)
                .put((byte) ((end ? 0x80 : 0) | 10))
                .putShort((short) duration)
                .array();
    }

    static byte[] rtp(int pt, boolean marker, int seq, long ts, long ssrc, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length)
                .put((byte) 0x80)
                .put((byte) ((marker ? 0x80 : 0) | pt))
                .putShort((short) seq)
                .putInt((int) ts)
                .putInt((int) ssrc)
                .put(payload)
                .array();
    }

    /** Packets 20 ms apart, from 127.0.0.1:6000 to 127.0.0.1:6002 (SIPp rewrites the addresses). */
    private static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long micros;

        Pcap() {
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xa1b2c3d4)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0)
                    .putInt(65535)
                    .putInt(1);
            out.writeBytes(header.array());
        }

        void skip(int frames) {
            micros += frames * 20_000L;
        }

        void add(byte[] rtp) {
            int udpLength = 8 + rtp.length;
            int ipLength = 20 + udpLength;
            ByteBuffer frame = ByteBuffer.allocate(14 + ipLength);
            frame.put(new byte[6]).put(new byte[6]).putShort((short) 0x0800);
            frame.put((byte) 0x45)
                    .put((byte) 0)
                    .putShort((short) ipLength)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .put((byte) 64)
                    .put((byte) 17)
                    .putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1})
                    .put(new byte[] {127, 0, 0, 1});
            frame.putShort((short) 6000)
                    .putShort((short) 6002)
                    .putShort((short) udpLength)
                    .putShort((short) 0);
            frame.put(rtp);
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt((int) (micros / 1_000_000))
                    .putInt((int) (micros % 1_000_000))
                    .putInt(frame.capacity())
                    .putInt(frame.capacity());
            out.writeBytes(record.array());
            out.writeBytes(frame.array());
            micros += 20_000;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
