package dev.voicebridge.sma.meeting;

/** The meeting could not be created or joined in time; the caller gets the apology instead. */
public class MeetingUnavailableException extends RuntimeException {

    public MeetingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public MeetingUnavailableException(String message) {
        super(message);
    }
}
