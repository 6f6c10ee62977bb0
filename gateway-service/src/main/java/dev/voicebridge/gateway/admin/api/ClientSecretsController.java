package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.call.AssistantProfiles;
import dev.voicebridge.gateway.call.CallOverrides;
import dev.voicebridge.gateway.realtime.ClientSecretMinter;
import dev.voicebridge.gateway.realtime.ClientSecretRefused;
import dev.voicebridge.gateway.realtime.RealtimeProperties;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/realtime/client-secrets}: mints a short-lived Azure OpenAI Realtime client
 * secret for the console, its session fixed to the deployment and a named assistant profile's
 * instructions and voice. Answers {@code {value, expiresAt, session, callsUrl}}; the value is never logged.
 * Who minted it, and for which profile, is.
 */
@RestController
@RequestMapping("/api/realtime/client-secrets")
class ClientSecretsController {

    private static final Logger log = LoggerFactory.getLogger(ClientSecretsController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private final ClientSecretMinter minter;
    private final AssistantProfiles profiles;
    private final RealtimeProperties realtime;

    ClientSecretsController(ClientSecretMinter minter, AssistantProfiles profiles, RealtimeProperties realtime) {
        this.minter = minter;
        this.profiles = profiles;
        this.realtime = realtime;
    }

    @PostMapping
    Mono<ResponseEntity<byte[]>> mint(@RequestBody(required = false) Mono<String> body, Mono<Principal> principal) {
        return Mono.zip(body.defaultIfEmpty(""), principal.map(Principal::getName))
                .flatMap(request -> {
                    String profile = profile(request.getT1());
                    CallOverrides chosen = profiles.find(profile)
                            .orElseThrow(() -> new ClientSecretRefused(
                                    400,
                                    "profile '" + profile + "' is not defined; the profiles are " + profiles.names()));
                    return minter.mint(instructions(chosen), voice(chosen))
                            .doOnNext(minted -> log.info(
                                    "{} minted a Realtime client secret (profile {}, expires at {})",
                                    request.getT2(),
                                    profile,
                                    minted.expiresAt()));
                })
                .map(minted -> {
                    ObjectNode answer = JSON.createObjectNode();
                    answer.put("value", minted.value());
                    answer.put("expiresAt", minted.expiresAt());
                    answer.set("session", minted.session());
                    // Where the browser posts its WebRTC SDP offer with the secret (Azure's GA path).
                    answer.put("callsUrl", minter.callsUrl());
                    // The body is a credential: no cache may keep it. Bytes, not a JSON object:
                    // Spring's encoders log an object's content at DEBUG, bytes only by count.
                    return ResponseEntity.ok()
                            .cacheControl(CacheControl.noStore())
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(answer.toString().getBytes(StandardCharsets.UTF_8));
                })
                .onErrorMap(ClientSecretRefused.class, RefusalProblems::problem);
    }

    /** The body's {@code profile}, {@code default} when there is no body or no such field. */
    private static String profile(String body) {
        if (body == null || body.isBlank()) {
            return AssistantProfiles.DEFAULT;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ClientSecretRefused(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ClientSecretRefused(400, "the body must be a JSON object such as {\"profile\":\"sales\"}");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!field.getKey().equals("profile")) {
                throw new ClientSecretRefused(
                        400,
                        "unknown field '" + field.getKey() + "'; the only field is profile (the session is"
                                + " fixed by the gateway)");
            }
        }
        JsonNode profile = root.get("profile");
        if (profile == null || profile.isNull()) {
            return AssistantProfiles.DEFAULT;
        }
        if (!profile.isString() || !NAME.matcher(profile.asString()).matches()) {
            throw new ClientSecretRefused(400, "profile must be 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        return profile.asString();
    }

    /** As a phone call of this profile would have them (CallOverrides): a greeting joins the instructions. */
    private String instructions(CallOverrides profile) {
        String text = profile.instructions() != null ? profile.instructions() : realtime.instructions();
        if (profile.greeting() != null) {
            text = text + "\n\nOpen the conversation by saying: \"" + profile.greeting() + "\"";
        }
        return text;
    }

    private String voice(CallOverrides profile) {
        if (profile.voice() != null) {
            return profile.voice();
        }
        return realtime.voice() != null && !realtime.voice().isBlank() ? realtime.voice() : "marin";
    }
}
