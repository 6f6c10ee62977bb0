package dev.voicebridge.gateway.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stereo 16-bit PCM WAV file written as a stream: a 44-byte RIFF header whose sizes are left at 0
 * and fixed by {@link #finish}, then interleaved samples through a small buffer, so a call of any
 * length never sits in memory. Used by one recording's writer thread only.
 */
final class WavFile implements AutoCloseable {

    static final int HEADER_BYTES = 44;
    private static final int CHANNELS = 2;
    private static final int BYTES_PER_FRAME = CHANNELS * 2;
    /** RIFF sizes are 32-bit: past this the file stops growing (about 12 hours at 24 kHz). */
    private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 36;

    private final FileChannel channel;
    private final int sampleRate;
    private final ByteBuffer buffer = ByteBuffer.allocate(32 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;

    private WavFile(FileChannel channel, int sampleRate) {
        this.channel = channel;
        this.sampleRate = sampleRate;
    }

    /** Creates (or truncates) {@code file} and writes the header. */
    static WavFile create(Path file, int sampleRate) throws IOException {
        FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        WavFile wav = new WavFile(channel, sampleRate);
        try {
            channel.write(wav.header(0));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return wav;
    }

    /**
     * Appends {@code samples} sample frames: left from {@code left}, right from {@code right}; a null
     * or short channel is silence where it has no sample.
     */
    void write(short[] left, short[] right, int samples) throws IOException {
        for (int i = 0; i < samples; i++) {
            if (dataBytes >= MAX_DATA_BYTES) {
                return;
            }
            if (buffer.remaining() < BYTES_PER_FRAME) {
                flush();
            }
            buffer.putShort(left != null && i < left.length ? left[i] : 0);
            buffer.putShort(right != null && i < right.length ? right[i] : 0);
            dataBytes += BYTES_PER_FRAME;
        }
    }

    /** Milliseconds of audio written so far. */
    long durationMillis() {
        return dataBytes / BYTES_PER_FRAME * 1000 / sampleRate;
    }

    /** Writes what is buffered and fixes the header's RIFF and data sizes. The file stays open. */
    void finish() throws IOException {
        flush();
        channel.write(header(dataBytes), 0);
        channel.force(false);
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private ByteBuffer header(long data) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt((int) (36 + data)).put(ascii("WAVE"));
        h.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) CHANNELS);
        h.putInt(sampleRate).putInt(sampleRate * BYTES_PER_FRAME).putShort((short) BYTES_PER_FRAME);
        h.putShort((short) 16);
        h.put(ascii("data")).putInt((int) data);
        return h.flip();
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
