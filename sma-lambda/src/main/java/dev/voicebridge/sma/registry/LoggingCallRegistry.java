package dev.voicebridge.sma.registry;

import dev.voicebridge.model.call.CallRegistry;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.InMemoryCallRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default registry until a shared one (DynamoDB) is configured: it keeps the calls this Lambda instance
 * saw in a small in-memory registry and logs every change as one line, so call status can already be
 * followed in CloudWatch Logs. Replace it by registering another {@link CallRegistry} bean.
 */
public final class LoggingCallRegistry implements CallRegistry {

    private static final Logger log = LoggerFactory.getLogger(LoggingCallRegistry.class);
    private static final int MAX_ENDED_CALLS = 1_000;

    private final InMemoryCallRegistry delegate = new InMemoryCallRegistry(MAX_ENDED_CALLS);

    @Override
    public Optional<CallStatus> find(String callId) {
        return delegate.find(callId);
    }

    @Override
    public List<CallStatus> list(Optional<CallState> filter, int limit) {
        return delegate.list(filter, limit);
    }

    @Override
    public CallStatus update(String callId, UnaryOperator<CallStatus> change, Supplier<CallStatus> ifAbsent) {
        Optional<CallStatus> before = delegate.find(callId);
        CallStatus after = delegate.update(callId, change, ifAbsent);
        if (before.isEmpty() || before.get().version() != after.version()) {
            String reason = after.history().isEmpty()
                    ? null
                    : after.history().get(after.history().size() - 1).reason();
            log.info(
                    "call status: state={} version={} legs={} reason={}{}",
                    after.state(),
                    after.version(),
                    after.legs().stream().map(l -> l.role() + ":" + l.state()).toList(),
                    reason,
                    after.endReason() == null ? "" : " endReason=" + after.endReason());
        }
        return after;
    }
}
