package dev.voicebridge.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Adds {@code smaTransactionId} to every structured (JSON) log line of a call, next to the
 * {@code callId} the call's code puts in the MDC. Named in application.yml
 * ({@code logging.structured.json.customizer}).
 */
public class CallJsonMembers implements StructuredLoggingJsonMembersCustomizer<ILoggingEvent> {

    @Override
    public void customize(JsonWriter.Members<ILoggingEvent> members) {
        members.add("smaTransactionId", event -> {
                    String callId = event.getMDCPropertyMap().get(CallLogContext.CALL_ID);
                    String known = event.getMDCPropertyMap().get("smaTransactionId");
                    return known != null ? null : CallLogContext.smaTransactionId(callId);
                })
                .whenNotNull();
    }
}
