package dev.voicebridge.sma.testing;

import dev.voicebridge.sma.SmaLambdaApplication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import tools.jackson.databind.JsonNode;

/**
 * The Lambda as AWS runs it: the real {@link FunctionInvoker} (the configured handler), raw JSON bytes in and
 * out. The "environment" is given as JVM system properties of the same names for the duration of the start-up
 * (the application reads every variable through Spring's environment), so tests never touch the process
 * environment and cannot leak configuration into each other.
 */
public final class SmaLambda {

    /** A complete gateway-mode configuration; tests override what they are about. */
    public static final String GATEWAY_VC = "arn:aws:chime:us-east-1:123456789012:vc/gatewayvc0000000000001";

    public static final String INBOUND_VC = "arn:aws:chime:us-east-1:123456789012:vc/inboundvc0000000000002";

    private final FunctionInvoker invoker;

    private SmaLambda(FunctionInvoker invoker) {
        this.invoker = invoker;
    }

    public static Map<String, String> gatewayEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GATEWAY_VOICE_CONNECTOR_ARN", GATEWAY_VC);
        env.put("SMA_INBOUND_VOICE_CONNECTOR_ARN", INBOUND_VC);
        env.put("BRIDGE_RETRIES", "2");
        env.put("BRIDGE_RETRY_PAUSE_MS", "1500");
        env.put("TRANSFER_ALLOWED_PREFIXES", "+1415,+1206");
        env.put("TRANSFER_CALLER_ID", "+12065550100");
        return env;
    }

    public static SmaLambda start(Map<String, String> env) {
        return start(env, SmaLambdaApplication.class);
    }

    /** Starts the invoker; throws what its start-up throws (e.g. a refused configuration). */
    public static SmaLambda start(Map<String, String> env, Class<?> mainClass) {
        Map<String, String> settings = new HashMap<>(env);
        settings.put("MAIN_CLASS", mainClass.getName());
        Map<String, String> previous = new HashMap<>();
        settings.forEach((k, v) -> previous.put(k, System.getProperty(k)));
        try {
            settings.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
            return new SmaLambda(new FunctionInvoker());
        } finally {
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    public byte[] invokeRaw(byte[] input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(input), out, new TestLambdaContext());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public JsonNode invoke(JsonNode event) {
        return Json.parse(invokeRaw(Json.bytes(event)));
    }

    public String invokeText(String input) {
        return new String(invokeRaw(input.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
