package dev.voicebridge.simulator;

/**
 * On the given response turn of every session, the model calls {@code name} with
 * {@code argumentsJson} instead of speaking. The client is expected to answer with a
 * function_call_output item and response.create, as with Azure.
 */
public record ToolCue(int turn, String name, String argumentsJson) {

    public ToolCue {
        if (turn < 1) {
            throw new IllegalArgumentException("turn counts from 1, was " + turn);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tool name must be set");
        }
        argumentsJson = argumentsJson == null ? "{}" : argumentsJson;
    }
}
