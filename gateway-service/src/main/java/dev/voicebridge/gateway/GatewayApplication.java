package dev.voicebridge.gateway;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** The one wall clock: call times, token expiry, session expiry and readiness windows all read it. */
    @Bean
    Clock wallClock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
