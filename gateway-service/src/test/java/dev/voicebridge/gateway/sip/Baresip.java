package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's baresip, an independent SIP/TLS/SDES-SRTP softphone, driven headless: a config directory
 * written per test (TLS transport, {@code mediaenc=srtp-mand}, silence as microphone, the
 * {@code sndfile} module recording what it hears as WAV), one call dialled at start with
 * {@code -e}, ended with SIGTERM (baresip then hangs up with BYE). Used by one test thread.
 */
final class Baresip implements AutoCloseable {

    static final String MODULES = "/usr/lib/baresip/modules";

    private final Path dir;
    private final Process process;

    private Baresip(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Skips the test when baresip is missing, except under CI=true where it fails. */
    static void requireInstalled() {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/baresip"))
                && Files.exists(Path.of(MODULES, "srtp.so"))
                && Files.exists(Path.of(MODULES, "sndfile.so"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("baresip is not installed: run bin/install-test-tools");
        }
        Assumptions.assumeTrue(
                installed,
                "baresip (with its srtp and sndfile modules) is not installed: " + "run bin/install-test-tools");
    }

    /**
     * Starts baresip in {@code dir} and dials {@code target} over TLS, trusting {@code caPem}.
     * {@code sipPort} and the RTP range are where it listens.
     */
    static Baresip dial(Path dir, String target, Path caPem, int sipPort, int rtpMin, int rtpMax) throws IOException {
        Files.createDirectories(dir.resolve("heard"));
        Path silence = writeSilence(dir.resolve("silence.wav"), 30);
        Files.writeString(
                dir.resolve("config"),
                String.join(
                        "\n",
                        "poll_method epoll",
                        "net_interface 127.0.0.1", // so its SDP names 127.0.0.1, the address it sends from
                        "sip_listen 127.0.0.1:" + sipPort,
                        "sip_cafile " + caPem,
                        "sip_trans_def tls",
                        "call_local_timeout 20",
                        "audio_player aubridge,nil",
                        "audio_alert aubridge,nil",
                        "audio_source aufile," + silence,
                        "ausrc_srate 8000",
                        "auplay_srate 8000",
                        "ausrc_channels 1",
                        "auplay_channels 1",
                        "audio_buffer 20-160",
                        "rtp_ports " + rtpMin + "-" + rtpMax,
                        "rtcp_mux no",
                        "jitter_buffer_delay 1-10",
                        "snd_path " + dir.resolve("heard"),
                        "module_path " + MODULES,
                        "module stdio.so",
                        "module menu.so",
                        "module g711.so",
                        "module aufile.so",
                        "module aubridge.so",
                        "module sndfile.so",
                        "module srtp.so",
                        "module_tmp account.so",
                        ""));
        // The softphone's own account: SIP over TLS, SDES-SRTP mandatory, PCMU, no registration.
        Files.writeString(
                dir.resolve("accounts"),
                "<sip:softphone@127.0.0.1;transport=tls>;regint=0;mediaenc=srtp-mand;audio_codecs=PCMU\n");
        Files.writeString(dir.resolve("contacts"), "");
        Process process = new ProcessBuilder("baresip", "-f", dir.toString(), "-e", "/dial " + target)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("baresip.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return new Baresip(dir, process);
    }

    /** What baresip printed so far. */
    String log() {
        try {
            return Files.readString(dir.resolve("baresip.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The samples baresip decoded from the call's received audio (16-bit, 8 kHz), empty before any. */
    short[] heard() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("heard"))) {
            List<Path> decoded = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav"))
                    .toList();
            if (decoded.isEmpty()) {
                return new short[0];
            }
            return pcm16(Files.readAllBytes(decoded.getFirst()));
        }
    }

    /** SIGTERM: baresip hangs up (BYE) and exits. */
    void hangUpAndQuit() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            hangUpAndQuit();
        }
    }

    /** The samples of a 16-bit PCM WAV's data chunk. */
    static short[] pcm16(byte[] wav) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 12;
        while (offset + 8 <= wav.length) {
            String id = new String(wav, offset, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = in.getInt(offset + 4);
            if (id.equals("data")) {
                int end = Math.min(wav.length, offset + 8 + (size < 0 ? Integer.MAX_VALUE - offset - 8 : size));
                short[] samples = new short[(end - offset - 8) / 2];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = in.getShort(offset + 8 + 2 * i);
                }
                return samples;
            }
            offset += 8 + size + (size & 1);
        }
        return new short[0];
    }

    private static Path writeSilence(Path file, int seconds) throws IOException {
        int dataBytes = seconds * 8000 * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        wav.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(8000)
                .putInt(16000)
                .putShort((short) 2)
                .putShort((short) 16);
        wav.put("data".getBytes()).putInt(dataBytes);
        Files.write(file, wav.array());
        return file;
    }
}
