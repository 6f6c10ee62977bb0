package dev.voicebridge.sma.flow;

/**
 * Where a call is, from this Lambda's point of view. Kept in the call's TransactionAttributes (the SMA
 * hands them back on every event), never in the Lambda instance: the next event may reach another instance.
 */
public enum Phase {
    /** Outbound call placed with CreateSipMediaApplicationCall, not answered yet. */
    DIALING,
    /** CallAndBridge to the gateway sent (possibly after a Pause, for a retry). */
    BRIDGING,
    /** The gateway leg answered; the call stays up with no actions until a HANGUP. */
    BRIDGED,
    /** Transfer asked for: the gateway leg is being hung up, the PSTN bridge follows. */
    TRANSFERRING,
    /** CallAndBridge to the transfer number sent. */
    TRANSFER_BRIDGING,
    /** The transfer number answered. */
    TRANSFERRED,
    /** JoinChimeMeeting sent. */
    JOINING_MEETING,
    /** In the Chime SDK meeting. */
    IN_MEETING,
    /** Apology and/or Hangup sent, or one leg gone: nothing is started any more. */
    ENDING;

    /** The caller is talking to something: a command or a stray event must not end the call. */
    public boolean established() {
        return this == BRIDGED || this == TRANSFERRED || this == IN_MEETING;
    }
}
