package dev.voicebridge.gateway.rtp;

/** What an {@link RtpSession} reports, on its event-loop thread. */
public interface RtpSessionListener {

    /** One 20 ms frame of the caller's audio, in order, losses concealed. */
    void onAudio(byte[] frame);

    /** A DTMF digit, once per RFC 4733 event. */
    void onDtmf(char digit);

    /** No RTP from the caller for the media timeout. */
    void onMediaTimeout();
}
