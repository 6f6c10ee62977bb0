package dev.voicebridge.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the bundled G.711 µ-law WAV files and writes what the caller heard as 16-bit PCM WAV, which
 * every player opens. Written out because javax.sound's WAV reader does not take µ-law reliably and
 * the format needs a dozen lines.
 */
final class WavFiles {

    private static final int FORMAT_ULAW = 7;

    private WavFiles() {}

    /** The sample bytes of a mono 8 kHz µ-law WAV resource. */
    static byte[] readUlawResource(String resource) {
        try (InputStream in = WavFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing demo audio " + resource);
            }
            return ulawSamples(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    static byte[] ulawSamples(byte[] wav, String name) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IllegalArgumentException(name + " is not a RIFF/WAVE file");
        }
        int at = 12;
        boolean formatOk = false;
        while (at + 8 <= wav.length) {
            int id = b.getInt(at);
            int size = b.getInt(at + 4);
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(at + 8);
                int channels = b.getShort(at + 10);
                int rate = b.getInt(at + 12);
                if (format != FORMAT_ULAW || channels != 1 || rate != 8000) {
                    throw new IllegalArgumentException(name + " must be mono 8 kHz µ-law, is format " + format + ", "
                            + channels + " channel(s), " + rate + " Hz");
                }
                formatOk = true;
            } else if (id == 0x61746164) { // "data"
                if (!formatOk) {
                    throw new IllegalArgumentException(name + " has data before fmt");
                }
                return Arrays.copyOfRange(wav, at + 8, Math.min(wav.length, at + 8 + size));
            }
            at += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException(name + " has no data chunk");
    }

    /** Writes µ-law samples as a 16-bit PCM mono 8 kHz WAV. */
    static void writePcm16(Path path, byte[] ulaw) throws IOException {
        int dataBytes = ulaw.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157);
        b.putInt(0x20746d66)
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(8000)
                .putInt(16000)
                .putShort((short) 2)
                .putShort((short) 16);
        b.putInt(0x61746164).putInt(dataBytes);
        for (byte u : ulaw) {
            b.putShort(ulawToLinear(u));
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.write(path, b.array());
    }

    /** Reads back a 16-bit PCM WAV written by {@link #writePcm16}. */
    static short[] readPcm16(Path path) throws IOException {
        byte[] wav = Files.readAllBytes(path);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[(wav.length - 44) / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = b.getShort(44 + 2 * i);
        }
        return samples;
    }

    static short ulawToLinear(byte encoded) {
        int u = ~encoded & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }
}
