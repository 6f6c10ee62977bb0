package dev.voicebridge.gateway.tools;

import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.model.GatewayCommand;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Transfers a live call at a person's request (operator console, calls API): the same SMA path and
 * the same allowed-targets rule as the model's transfer_to_human, without waiting for the
 * assistant to finish speaking. Stateless; the SMA call runs on a blocking-capable scheduler.
 */
@Component
public class CallTransfers {

    /** A transfer refused before anything was dialled; the message says why, for the person asking. */
    public static final class Refused extends RuntimeException {

        /** What kind of refusal: the target, or the call itself. */
        public enum Kind {
            TARGET_NOT_ALLOWED,
            NOT_TRANSFERABLE
        }

        private final Kind kind;

        Refused(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    private final SmaCallControl sma;
    private final TransferTargets targets;

    public CallTransfers(SmaCallControl sma, ToolProperties properties) {
        this.sma = sma;
        this.targets = new TransferTargets(properties.transferNumber(), properties.transferAllowed());
    }

    /**
     * Asks the call's SMA to bridge the caller to {@code number}, if the call's targets (its
     * profile's, else the gateway's) allow it; the gateway's leg then ends as TRANSFERRED. Errors with {@link Refused} when the number or the call does not allow it.
     */
    public Mono<Void> transfer(CallSession call, String number) {
        String refusal = targets.forCall(call.setup()).refusal(number);
        if (refusal != null) {
            return Mono.error(new Refused(Refused.Kind.TARGET_NOT_ALLOWED, refusal));
        }
        var smaCall = SmaCallControl.smaCall(call.setup());
        if (smaCall.isEmpty()) {
            return Mono.error(new Refused(
                    Refused.Kind.NOT_TRANSFERABLE,
                    "this call cannot be transferred: it did not come through a SIP media application"));
        }
        return sma.send(smaCall.get(), new GatewayCommand.Transfer(number)).then(Mono.fromRunnable(() -> {
            call.ending(EndReason.TRANSFERRED);
            call.transferred(number);
        }));
    }
}
