package dev.voicebridge.sma.function;

import dev.voicebridge.sma.config.CallMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Made-up events for {@link SmaEventFunction#prime()}; none of them needs an AWS call. */
final class Priming {

    private static final String DETAILS = """
            "CallDetails":{"TransactionId":"priming-0000","AwsAccountId":"000000000000","AwsRegion":"us-east-1",
             "SipMediaApplicationId":"priming","TransactionAttributes":%s,"Participants":[
             {"CallId":"priming-leg-a","ParticipantTag":"LEG-A","To":"+12065550100","From":"+15105550101",
              "Direction":"Inbound","StartTimeInMilliseconds":"1700000000000","Status":"%s"},
             {"CallId":"priming-leg-b","ParticipantTag":"LEG-B","To":"x","From":"+15105550101",
              "Direction":"Outbound","StartTimeInMilliseconds":"1700000000000","Status":"Connected"}]}""";

    private Priming() {}

    static List<byte[]> events(CallMode mode) {
        List<String> events = new ArrayList<>();
        if (mode == CallMode.GATEWAY) {
            events.add("""
                    {"SchemaVersion":"1.0","Sequence":1,"InvocationEventType":"NEW_INBOUND_CALL",%s}""".formatted(DETAILS.formatted("{}", "Connected")));
        }
        events.add("""
                {"SchemaVersion":"1.0","Sequence":2,"InvocationEventType":"ACTION_SUCCESSFUL",
                 "ActionData":{"Type":"CallAndBridge","Parameters":{"CallerIdNumber":"+15105550101"}},%s}""".formatted(DETAILS.formatted("{\"vbPhase\":\"BRIDGING\",\"vbAttempt\":\"1\"}", "Connected")));
        events.add("""
                {"SchemaVersion":"1.0","Sequence":3,"InvocationEventType":"CALL_UPDATE_REQUESTED",
                 "ActionData":{"Type":"CallUpdateRequest","Parameters":{"Arguments":{"command":"speak","text":"hi"}}},%s}""".formatted(DETAILS.formatted("{\"vbPhase\":\"BRIDGED\"}", "Connected")));
        events.add("""
                {"SchemaVersion":"1.0","Sequence":4,"InvocationEventType":"HANGUP",
                 "ActionData":{"Type":"Hangup","Parameters":{"SipResponseCode":"0","CallId":"priming-leg-a","ParticipantTag":"LEG-A"}},%s}""".formatted(DETAILS.formatted("{\"vbPhase\":\"BRIDGED\"}", "Disconnected")));
        return events.stream().map(e -> e.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
