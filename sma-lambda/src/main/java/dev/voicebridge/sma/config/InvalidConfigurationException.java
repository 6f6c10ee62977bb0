package dev.voicebridge.sma.config;

import java.util.List;

/** The Lambda refuses to start; the message lists every configuration problem found. */
public class InvalidConfigurationException extends IllegalStateException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("VoiceBridge SMA Lambda refuses to start, fix the configuration: - " + String.join(" - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
