package dev.voicebridge.gateway.realtime;

import reactor.core.publisher.Mono;

/**
 * Supplies a Microsoft Entra access token (scope https://cognitiveservices.azure.com/.default) for
 * each new Realtime connection. Declare a bean of this type to plug in any identity library; without
 * one, AZURE_OPENAI_TOKEN_FILE is read. A token is fetched per connection: a session lasts at most
 * 30 minutes, less than a token's lifetime.
 */
@FunctionalInterface
public interface AccessTokenSupplier {

    Mono<String> token();
}
