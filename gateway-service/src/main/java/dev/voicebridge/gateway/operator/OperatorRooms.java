package dev.voicebridge.gateway.operator;

import dev.voicebridge.gateway.call.CallSession;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms of the calls that have operators, by gateway call id: the first operator of a call
 * attaches a room to it as its console, the last one out detaches it. Any thread.
 */
final class OperatorRooms {

    private final ConcurrentHashMap<String, OperatorRoom> rooms = new ConcurrentHashMap<>();

    /** Adds {@code link} to the call's room, attaching one to the call first if it has none. */
    OperatorRoom join(CallSession call, OperatorLink link) {
        OperatorRoom room = rooms.compute(call.callId(), (id, existing) -> {
            OperatorRoom r =
                    existing != null && existing.call() == call ? existing : new OperatorRoom(call, this::gone);
            r.join(link);
            call.attachConsole(r);
            return r;
        });
        return room;
    }

    private void gone(OperatorRoom room) {
        rooms.computeIfPresent(room.call().callId(), (id, existing) -> {
            if (existing == room && room.empty()) {
                room.call().detachConsole(room);
                return null;
            }
            return existing;
        });
    }

    int size() {
        return rooms.size();
    }
}
