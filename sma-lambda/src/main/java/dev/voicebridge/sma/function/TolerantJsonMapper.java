package dev.voicebridge.sma.function;

import java.lang.reflect.Type;
import org.springframework.cloud.function.json.JacksonMapper;
import tools.jackson.databind.ObjectMapper;

/**
 * Spring Cloud Function's JSON mapper, except that it does not throw when the adapter peeks at an input that
 * is not JSON. The AWS adapter parses every payload once to see whether it is an API Gateway request; with the
 * stock mapper a malformed SMA event fails right there, before our function runs, and the SMA gets a Lambda
 * error instead of an answer. Here the raw input is passed on unchanged and {@link SmaEventFunction} answers it.
 */
public final class TolerantJsonMapper extends JacksonMapper {

    public TolerantJsonMapper(ObjectMapper mapper) {
        super(mapper);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T fromJson(Object json, Type type) {
        try {
            return super.fromJson(json, type);
        } catch (IllegalStateException e) {
            if (type == Object.class && (json instanceof byte[] || json instanceof String)) {
                return (T) json;
            }
            throw e;
        }
    }
}
