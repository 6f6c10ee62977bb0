package dev.voicebridge.model;

/**
 * The custom SIP headers the SMA Lambda puts on its CallAndBridge INVITE and the gateway reads.
 * They carry the SMA identifiers across the Voice Connector so that Lambda, gateway and call
 * registry share one call id, and the gateway can reach the call with
 * UpdateSipMediaApplicationCall. AWS only forwards headers that start with {@code x-}
 * (case-insensitive), and rejects names starting with {@code X-AMZN}.
 */
public final class BridgeHeaders {

    /** The SMA TransactionId of the call; also VoiceBridge's call id. */
    public static final String TRANSACTION_ID = "X-VoiceBridge-Transaction-Id";
    /** The caller's number (LEG-A From) as the SMA saw it. */
    public static final String CALLER = "X-VoiceBridge-Caller";
    /** The SIP media application id, needed for UpdateSipMediaApplicationCall. */
    public static final String SMA_ID = "X-VoiceBridge-Sma-Id";
    /**
     * The assistant profile an outbound call was placed with (POST /api/calls puts it in the
     * ArgumentsMap as {@link #PROFILE_ARGUMENT}); absent for inbound calls and the default profile.
     */
    public static final String PROFILE = "X-VoiceBridge-Profile";
    /**
     * The number the caller dialled (LEG-A To of an inbound call), from which the gateway picks the
     * call's assistant profile; absent for outbound calls, which name their profile.
     */
    public static final String CALLED_NUMBER = "X-VoiceBridge-Called-Number";
    /** The ArgumentsMap key of CreateSipMediaApplicationCall that names the profile. */
    public static final String PROFILE_ARGUMENT = "vbProfile";
    /**
     * The ArgumentsMap key of CreateSipMediaApplicationCall that names a Chime SDK meeting: the SMA
     * Lambda joins the answered leg to that meeting (JoinChimeMeeting) instead of bridging it.
     * POST /api/meetings with {@code dial} sets it.
     */
    public static final String MEETING_ARGUMENT = "meetingId";

    private BridgeHeaders() {}
}
