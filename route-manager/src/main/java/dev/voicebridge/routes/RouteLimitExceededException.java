package dev.voicebridge.routes;

/**
 * A host cannot join: every Voice Connector of the group already holds Chime's limit of 10
 * origination routes. The fix is another connector in the group, or a lower maximum for the Auto
 * Scaling group (infra README, "Capacity plan").
 */
public final class RouteLimitExceededException extends RuntimeException {
    public RouteLimitExceededException(String message) {
        super(message);
    }
}
