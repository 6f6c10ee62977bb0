package dev.voicebridge.bench.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.G711;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness's latency figures are only as good as its stamps: they must read back exactly wherever
 * the echo cuts the audio, never appear by chance in speech, and never turn silence into speech for
 * the simulator's VAD.
 */
class StampTest {

    @Test
    void shouldReadBackEveryStampWhenTheStreamIsCutAtArbitraryPoints() {
        // Given 50 frames of speech and silence, as a caller sends them, echoed from an odd offset
        byte[] stream = new byte[50 * CallScript.FRAME_BYTES];
        for (int seq = 0; seq < 50; seq++) {
            byte[] frame = CallScript.frame(seq % 3 != 0, 4242, seq, 1_000_000L + seq * 20_000L);
            System.arraycopy(frame, 0, stream, seq * CallScript.FRAME_BYTES, frame.length);
        }
        byte[] echo = Arrays.copyOfRange(stream, 37, stream.length);

        // When it arrives in chunks of every awkward size (deltas and frames never line up with stamps)
        List<Integer> seqs = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        StreamScanner scanner = new StreamScanner();
        int at = 0;
        int[] sizes = {1, 7, 160, 13, 800, 26, 27, 28, 159};
        for (int i = 0; at < echo.length; i++) {
            int n = Math.min(sizes[i % sizes.length], echo.length - at);
            scanner.accept(echo, at, n, (call, seq, sent) -> {
                assertThat(call).isEqualTo(4242);
                seqs.add(seq);
                times.add(sent);
            });
            at += n;
        }

        // Then every stamp after the cut is found once, in order, with its time
        assertThat(seqs)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(1, 50).boxed().toList());
        assertThat(times.get(0)).isEqualTo(1_020_000L);
    }

    @Test
    void shouldFindNoStampInUnstampedSpeechOrSilence() {
        // Given audio that carries no stamp: the test tone, digital silence and every byte value
        byte[] audio = new byte[4096];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (i % 3 == 0 ? 0xFF : G711.linearToUlaw((int) (9000 * Math.sin(i * 0.31))));
        }
        audio[100] = (byte) 0x7A;
        audio[101] = (byte) 0x75;
        audio[102] = (byte) 0x7A;
        audio[103] = (byte) 0x75; // a sync pattern followed by no valid stamp

        // When it is scanned, then nothing is reported
        assertThat(Stamp.read(audio)).isNull();
    }

    @Test
    void shouldKeepStampedSilenceQuietAndStampedSpeechLoud() {
        // Given a stamped silent frame and a stamped speech frame
        byte[] silence = CallScript.frame(false, 999_999, 123_456, 987_654_321L);
        byte[] speech = CallScript.frame(true, 999_999, 123_456, 987_654_321L);

        // Then silence stays below -45 dBFS (any VAD threshold) and speech well above -30 dBFS
        assertThat(dbfs(silence)).isLessThan(-45);
        assertThat(dbfs(speech)).isGreaterThan(-30);
        assertThat(Stamp.read(silence)).isEqualTo(new Stamp.Value(999_999, 123_456, 987_654_321L));
    }

    @Test
    void shouldScheduleUtterancesBargeInsAndAQuietTail() {
        // Given the standard script of a 60 s call
        CallScript script = CallScript.standard(60_000, 7, 1);

        // Then it speaks several times, interrupts some answers and ends quiet for the last answer
        List<int[]> utterances = script.utterances();
        assertThat(utterances).hasSizeGreaterThan(8);
        assertThat(script.bargeIns()).isGreaterThan(2);
        assertThat(utterances.get(utterances.size() - 1)[1]).isLessThanOrEqualTo(60_000 - script.tailMs());
    }

    private static double dbfs(byte[] ulaw) {
        double sum = 0;
        for (byte b : ulaw) {
            double s = G711.ulawToLinear(b);
            sum += s * s;
        }
        return 20 * Math.log10(Math.sqrt(sum / ulaw.length) / 32768);
    }
}
