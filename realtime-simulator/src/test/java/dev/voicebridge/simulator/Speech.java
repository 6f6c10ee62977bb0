package dev.voicebridge.simulator;

/** Synthetic caller audio for the simulator's tests: voiced bursts (a buzz with harmonics) and silence. */
final class Speech {

    private Speech() {}

    static short[] voiced(int millis, int rate) {
        int n = millis * rate / 1000;
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            s[i] = (short) (4000 * Math.sin(2 * Math.PI * 150 * t)
                    + 2500 * Math.sin(2 * Math.PI * 450 * t)
                    + 1500 * Math.sin(2 * Math.PI * 1200 * t));
        }
        return s;
    }

    static byte[] ulawVoiced(int millis) {
        return WireFormat.PCMU.encode(voiced(millis, 8000));
    }

    static byte[] ulawSilence(int millis) {
        byte[] b = new byte[millis * 8];
        java.util.Arrays.fill(b, (byte) 0xFF);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
