package dev.voicebridge.gateway.admin.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the operator console's page at {@code /console} and {@code /console/}. Its script, worklet
 * and style sheet ({@code /console/*.js}, {@code *.css}) come from the {@code operator-console} jar's
 * {@code META-INF/resources/console} through Spring Boot's static resource handling; only the page
 * needs a route, because a folder path has no index file of its own in WebFlux. Who may fetch them,
 * and their Content-Security-Policy, is {@code admin.security}'s. Event-loop threads, no state.
 */
@Configuration(proxyBeanMethods = false)
public class ConsolePage {

    static final String PAGE = "META-INF/resources/console/index.html";

    @Bean
    RouterFunction<ServerResponse> consolePageRoute() {
        Resource page = new ClassPathResource(PAGE);
        return RouterFunctions.route()
                .GET("/console", request -> page(page))
                .GET("/console/", request -> page(page))
                .build();
    }

    private static Mono<ServerResponse> page(Resource page) {
        return page.exists()
                ? ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(page)
                : ServerResponse.notFound().build();
    }
}
