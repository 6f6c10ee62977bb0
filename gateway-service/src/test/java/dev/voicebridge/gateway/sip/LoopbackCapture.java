package dev.voicebridge.gateway.sip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tcpdump capture of the loopback interface for one test, and its packets read back: what
 * actually crossed the wire, to check that it was encrypted. Capturing needs root (or CAP_NET_RAW)
 * and tcpdump; {@link #available} says whether both are there. Used by one test thread.
 */
final class LoopbackCapture implements AutoCloseable {

    /** One TCP or UDP packet's ports and payload. */
    record Packet(boolean tcp, int sourcePort, int destinationPort, byte[] payload) {}

    private final Path file;
    private final Process tcpdump;

    private LoopbackCapture(Path file, Process tcpdump) {
        this.file = file;
        this.tcpdump = tcpdump;
    }

    /** Null when it can: otherwise why it cannot capture here. */
    static String unavailableBecause() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "capturing on loopback needs root; the test runs as " + System.getProperty("user.name");
        }
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, "tcpdump"))) {
                return null;
            }
        }
        return "tcpdump is not installed (bin/install-test-tools installs it)";
    }

    /** Starts capturing what matches the BPF {@code filter}, returning once tcpdump listens. */
    static LoopbackCapture start(Path file, String filter) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "tcpdump", "-i", "lo", "-U", "-n", "-s", "0", "-w", file.toString(), filter)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        InputStream err = process.getErrorStream();
        StringBuilder said = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!said.toString().contains("listening on") && System.nanoTime() < deadline) {
            int b = err.read();
            if (b < 0) {
                throw new IOException("tcpdump ended: " + said);
            }
            said.append((char) b);
        }
        Thread.ofVirtual().start(() -> {
            try {
                err.transferTo(OutputStreamSink.INSTANCE);
            } catch (IOException ignored) {
                // tcpdump went away
            }
        });
        return new LoopbackCapture(file, process);
    }

    /** Stops tcpdump (it flushes on SIGTERM) and reads the TCP and UDP packets it saw. */
    List<Packet> stopAndRead() throws IOException, InterruptedException {
        close();
        return read(Files.readAllBytes(file));
    }

    @Override
    public void close() throws InterruptedException {
        if (tcpdump.isAlive()) {
            tcpdump.destroy();
            if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
                tcpdump.destroyForcibly();
            }
        }
    }

    /** Parses a classic pcap of Ethernet (Linux loopback) IPv4 frames. */
    static List<Packet> read(byte[] pcap) {
        ByteBuffer in = ByteBuffer.wrap(pcap);
        int magic = in.getInt(0);
        in.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int linkType = in.getInt(20);
        ByteBuffer net = ByteBuffer.wrap(pcap); // headers on the wire are big-endian, whatever the file's order
        if (linkType != 1) {
            throw new IllegalStateException("expected an Ethernet capture, got link type " + linkType);
        }
        List<Packet> packets = new ArrayList<>();
        int offset = 24;
        while (offset + 16 <= pcap.length) {
            int length = in.getInt(offset + 8);
            int frame = offset + 16;
            offset = frame + length;
            if (offset > pcap.length || length < 34 || (net.getShort(frame + 12) & 0xFFFF) != 0x0800) {
                continue;
            }
            int ip = frame + 14;
            int ipHeader = (pcap[ip] & 0x0F) * 4;
            int ipEnd = ip + Math.min(net.getShort(ip + 2) & 0xFFFF, length - 14);
            int protocol = pcap[ip + 9] & 0xFF;
            int l4 = ip + ipHeader;
            int sourcePort = net.getShort(l4) & 0xFFFF;
            int destinationPort = net.getShort(l4 + 2) & 0xFFFF;
            if (protocol == 6) {
                int payload = l4 + ((pcap[l4 + 12] >> 4) & 0x0F) * 4;
                packets.add(new Packet(true, sourcePort, destinationPort, Arrays.copyOfRange(pcap, payload, ipEnd)));
            } else if (protocol == 17) {
                packets.add(new Packet(false, sourcePort, destinationPort, Arrays.copyOfRange(pcap, l4 + 8, ipEnd)));
            }
        }
        return packets;
    }

    /** Swallows tcpdump's closing statistics. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}
    }
}
