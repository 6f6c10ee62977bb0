package dev.voicebridge.model.action;

/** Where CallAndBridge sends the new leg: a Voice Connector (AWS) or a phone number (PSTN). */
public enum BridgeEndpointType {
    AWS,
    PSTN
}
