package dev.voicebridge.simulator.contract;

import java.util.List;
import java.util.Set;

/**
 * The ways the simulator's GA server events knowingly differ from the pinned schemas, each with the
 * reason it is kept. The contract tests of the simulator and of the gateway allow exactly these and
 * fail on any other violation, and also when one of these no longer occurs (so the list cannot rot).
 */
public final class KnownDeviations {

    /**
     * One allowed violation: any of {@code eventTypes} at JSON pointer {@code pointer}.
     *
     * @param reason why it is kept, with the source that documents the behaviour
     */
    public record Deviation(Set<String> eventTypes, String pointer, String reason) {

        /** Whether {@code violation} (as {@link RealtimeSchemas#violations} words it) is this one. */
        public boolean covers(String violation) {
            return eventTypes.stream().anyMatch(type -> violation.startsWith(type + " " + pointer + ": "));
        }
    }

    private static final String OPENAI_EXAMPLE =
            "OpenAI's own GA reference example shows it: openai/openai-openapi@00747d3 openapi.json,"
                    + " components.schemas.%s.x-oaiMeta.example (kept in " + RealtimeSchemas.RESOURCE + ")."
                    + " Azure documents no difference: Microsoft Learn, 'Realtime API reference'"
                    + " (https://learn.microsoft.com/azure/foundry/openai/realtime-audio-reference):"
                    + " 'The Azure OpenAI Realtime API follows the OpenAI Realtime API specification.'";

    /** What the simulator sends on the GA protocol that the schemas do not allow. */
    public static final List<Deviation> SIMULATOR_SERVER_EVENTS = List.of(
            new Deviation(
                    Set.of("response.created"),
                    "/response/status_details",
                    "Documented behaviour: the service sends \"status_details\": null while a response is in"
                            + " progress, though RealtimeResponse types it as an object. "
                            + OPENAI_EXAMPLE.formatted("RealtimeServerEventResponseCreated")),
            new Deviation(
                    Set.of("response.created"),
                    "/response/usage",
                    "Documented behaviour: the service sends \"usage\": null until a response is done, though"
                            + " RealtimeResponse types it as an object. "
                            + OPENAI_EXAMPLE.formatted("RealtimeServerEventResponseCreated")),
            new Deviation(
                    Set.of("response.done"),
                    "/response/status_details",
                    "Documented behaviour: a completed response.done carries \"status_details\": null, though"
                            + " RealtimeResponse types it as an object. "
                            + OPENAI_EXAMPLE.formatted("RealtimeServerEventResponseDone")));

    private KnownDeviations() {}

    /** The violations none of {@code allowed} covers. */
    public static List<String> unexplained(List<String> violations, List<Deviation> allowed) {
        return violations.stream()
                .filter(v -> allowed.stream().noneMatch(d -> d.covers(v)))
                .toList();
    }

    /** The deviations of {@code allowed} that no violation shows any more. */
    public static List<Deviation> unused(List<String> violations, List<Deviation> allowed) {
        return allowed.stream()
                .filter(d -> violations.stream().noneMatch(d::covers))
                .toList();
    }
}
