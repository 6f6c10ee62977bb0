package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.logging.LogCapture;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An admin client's mistakes over real HTTP: each is a 4xx problem+json naming what was wrong,
 * never a 500, a bare status or a stack trace in the log.
 */
class AdminRefusalsTest extends AdminApplicationTest {

    @Test
    void shouldNameALimitThatIsNotANumber() {
        try (LogCapture logs = LogCapture.start()) {
            // Given the API with a valid token
            // When the limit is not a whole number, or does not fit an int
            HttpResponse<String> word = http().get("/api/calls?limit=abc", ADMIN_TOKEN);
            HttpResponse<String> huge = http().get("/api/calls?limit=99999999999999", ADMIN_TOKEN);

            // Then each is a 400 naming the parameter, its range and the value, not "Type mismatch."
            for (HttpResponse<String> r : List.of(word, huge)) {
                assertProblem(r, 400);
                assertThat(json(r).path("detail").asString())
                        .startsWith("limit must be a whole number between 1 and 500");
            }
            assertThat(json(word).path("detail").asString()).endsWith("but was 'abc'");
            assertThat(logs.failures()).isEmpty();
        }
    }

    @Test
    void shouldRefuseACallIdNoCallCanHaveByName() {
        // Given ids no call of this gateway can have: too long for the id rule (and for a DynamoDB
        // key past 2048 bytes), or with characters outside it
        String tooLong = "x".repeat(3000);
        String spaced = "call%20one";

        // When they are looked up or hung up
        List<HttpResponse<String>> answers = List.of(
                http().get("/api/calls/" + tooLong, ADMIN_TOKEN),
                http().post("/api/calls/" + tooLong + "/hangup", ADMIN_TOKEN),
                http().get("/api/calls/" + spaced, ADMIN_TOKEN));

        // Then each is a 400 that says what an id looks like
        for (HttpResponse<String> r : answers) {
            assertProblem(r, 400);
            assertThat(json(r).path("detail").asString())
                    .isEqualTo("id must be 1-128 characters of A-Z a-z 0-9 . _ : @ + -");
        }
    }

    @Test
    void shouldAnswerAUrlTheFirewallRejectsAsProblemJson() {
        // Given paths with an encoded line break or an encoded slash (Spring Security's firewall
        // rejects them before any controller)
        // When they are requested
        HttpResponse<String> lineBreak = http().get("/api/calls/a%0Ab", ADMIN_TOKEN);
        HttpResponse<String> slash = http().get("/api/calls/a%2Fb", ADMIN_TOKEN);

        // Then each is a problem+json 400 saying the URL holds a refused character, not an empty 400
        for (HttpResponse<String> r : List.of(lineBreak, slash)) {
            assertProblem(r, 400);
            assertThat(json(r).path("detail").asString()).startsWith("The URL holds a character or sequence");
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(response).path("status").asInt()).isEqualTo(status);
    }
}
