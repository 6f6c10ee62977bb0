package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.logging.LogThrottle;
import dev.voicebridge.model.call.CallRegistryUnavailableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A call registry that cannot be used (its table missing, access denied, DynamoDB unreachable) is a
 * deployment condition, not a bug in a request: the API answers 503 problem+json naming the table
 * and what DynamoDB said, with Retry-After, and logs it as one WARN a minute without a stack trace.
 * Stateless but for the throttle; request threads.
 */
@RestControllerAdvice(basePackageClasses = RegistryUnavailableProblems.class)
class RegistryUnavailableProblems {

    private static final Logger log = LoggerFactory.getLogger(RegistryUnavailableProblems.class);
    static final int RETRY_AFTER_SECONDS = 30;

    private final LogThrottle throttle = new LogThrottle(Duration.ofMinutes(1), 1);

    @ExceptionHandler(CallRegistryUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(CallRegistryUnavailableException e) {
        long heldBack = throttle.admit();
        if (heldBack != LogThrottle.HOLD) {
            log.warn(
                    "the admin API cannot answer from the call registry ({} more since the last line): {}",
                    heldBack,
                    e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }
}
