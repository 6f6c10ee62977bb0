package dev.voicebridge.model.internal;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one configured mapper behind {@code SmaJson.mapper()}. It lives here, below the action and
 * event packages, so that their JSON code can use it without depending on the root package.
 */
public final class SmaMapper {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SmaMapper() {}

    public static JsonMapper get() {
        return MAPPER;
    }
}
