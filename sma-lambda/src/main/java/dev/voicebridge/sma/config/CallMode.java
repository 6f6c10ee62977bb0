package dev.voicebridge.sma.config;

/** What the Lambda does with an answered call ({@code CALL_MODE}). */
public enum CallMode {
    /** Bridge the call to the VoiceBridge gateway through its dedicated Voice Connector (the real path). */
    GATEWAY,
    /** Join the call to an Amazon Chime SDK meeting (seed 002: a WebRTC client mixes in the model's audio). */
    MEETING
}
