package dev.voicebridge.gateway.events;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The call events bean and the call observer that feeds it (wired to the call sessions by admin). */
@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

    @Bean
    CallEvents callEvents(Clock wallClock) {
        return new CallEvents(wallClock);
    }

    @Bean
    CallEventsObserver callEventsObserver(CallEvents events, Clock wallClock) {
        return new CallEventsObserver(events, wallClock);
    }
}
