package dev.voicebridge.simulator;

/** What the simulated model says. */
public enum ResponseAudio {
    /** The caller's last utterance played back (capped at the options' max response length). */
    ECHO,
    /** A 440 Hz tone of the options' tone length. */
    TONE
}
