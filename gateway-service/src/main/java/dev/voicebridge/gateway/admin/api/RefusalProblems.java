package dev.voicebridge.gateway.admin.api;

import dev.voicebridge.gateway.http.RequestRefused;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A feature's {@link RequestRefused} as the API answers it: problem+json, with Retry-After when due. */
final class RefusalProblems {

    private RefusalProblems() {}

    static ErrorResponseException problem(RequestRefused refused) {
        HttpStatus status = HttpStatus.valueOf(refused.status());
        ErrorResponseException e = new ErrorResponseException(
                status, ProblemDetail.forStatusAndDetail(status, refused.getMessage()), null);
        if (refused.retryAfterSeconds() != null) {
            e.getHeaders()
                    .set(HttpHeaders.RETRY_AFTER, refused.retryAfterSeconds().toString());
        }
        return e;
    }
}
