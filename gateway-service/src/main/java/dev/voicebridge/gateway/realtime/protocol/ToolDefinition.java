package dev.voicebridge.gateway.realtime.protocol;

import tools.jackson.databind.JsonNode;

/** A function tool as the model sees it: name, what it does, and the JSON schema of its arguments. */
public record ToolDefinition(String name, String description, JsonNode parameters) {

    public ToolDefinition {
        if (name == null || !name.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("tool name '" + name + "' must be 1-64 letters, digits, _ or -");
        }
        if (parameters == null || !parameters.isObject()) {
            throw new IllegalArgumentException("tool '" + name + "' needs a JSON-schema object for its parameters");
        }
    }
}
