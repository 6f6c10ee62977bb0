package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.aws.LazyAwsClient;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.model.BridgeHeaders;
import dev.voicebridge.model.GatewayCommand;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;

/**
 * Acts on a call through its SIP media application: UpdateSipMediaApplicationCall with the
 * arguments the SMA Lambda understands ({@link GatewayCommand#toArguments()}). The Lambda then
 * hangs up or transfers the PSTN leg, which is the only way to transfer: the gateway's own leg ends
 * at the Voice Connector. It also places outbound calls (CreateSipMediaApplicationCall) for the
 * calls API. One AWS client, built on first use, serves every caller thread.
 */
@Component
public class SmaCallControl implements AutoCloseable {

    /** Where a call can be reached through its SMA. */
    public record SmaCall(String sipMediaApplicationId, String transactionId) {}

    private static final Logger log = LoggerFactory.getLogger(SmaCallControl.class);

    private final ToolProperties properties;
    private final LazyAwsClient<ChimeSdkVoiceClient> client;

    public SmaCallControl(ToolProperties properties) {
        this.properties = properties;
        this.client =
                LazyAwsClient.of(ChimeSdkVoiceClient::builder, properties.awsRegion(), properties.chimeEndpoint());
    }

    /** The call's SMA coordinates, when it came through an SMA bridge and carried the SMA id. */
    public static Optional<SmaCall> smaCall(CallSetup setup) {
        if (setup.smaTransactionId() == null || setup.smaTransactionId().isBlank()) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> e : setup.attributes().entrySet()) {
            String key = e.getKey();
            if (key.equalsIgnoreCase(BridgeHeaders.SMA_ID)
                    || key.equalsIgnoreCase("smaId")
                    || key.equalsIgnoreCase("sipMediaApplicationId")) {
                if (e.getValue() != null && !e.getValue().isBlank()) {
                    return Optional.of(new SmaCall(e.getValue().trim(), setup.smaTransactionId()));
                }
            }
        }
        return Optional.empty();
    }

    /** Sends {@code command} to the call's SMA; runs on a blocking-capable scheduler. */
    public Mono<Void> send(SmaCall call, GatewayCommand command) {
        return Mono.<Void>fromRunnable(() -> {
                    client.get()
                            .updateSipMediaApplicationCall(r -> r.sipMediaApplicationId(call.sipMediaApplicationId())
                                    .transactionId(call.transactionId())
                                    .arguments(command.toArguments()));
                    log.info(
                            "asked SMA {} to {} transaction {}",
                            call.sipMediaApplicationId(),
                            command.name(),
                            call.transactionId());
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Places an outbound call on {@code sipMediaApplicationId} (CreateSipMediaApplicationCall) and
     * answers its TransactionId. Blocking: the caller runs it off the event loop. AWS errors are
     * thrown as the SDK's exceptions, for the caller to turn into an answer.
     */
    public String place(String sipMediaApplicationId, String from, String to, Map<String, String> arguments) {
        return client.get()
                .createSipMediaApplicationCall(r -> r.sipMediaApplicationId(sipMediaApplicationId)
                        .fromPhoneNumber(from)
                        .toPhoneNumber(to)
                        .argumentsMap(arguments))
                .sipMediaApplicationCall()
                .transactionId();
    }

    @Override
    public void close() {
        client.close();
    }
}
