package dev.voicebridge.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The console's assets are public and locked down by a Content-Security-Policy; call data stays
 * behind the token; and no other origin is granted access by CORS. Plain HTTP, no browser.
 */
class ConsoleSecurityTest extends AdminApplicationTest {

    /** connect-src: this gateway, Azure's origin (the bridge's WebRTC SDP offer) and the meeting signaling sources. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self' http://127.0.0.1:" + AZURE.port() + " ws://127.0.0.1:*; media-src 'self' blob:;"
            + " worker-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldServeTheConsoleWithoutATokenUnderAStrictContentSecurityPolicy() {
        // Given no token at all
        for (String path : new String[] {
            "/console", "/console/", "/console/console.js", "/console/style.css", "/console/mic-worklet.js"
        }) {
            // When an asset of the console is fetched
            HttpResponse<String> response = http().get(path, null);

            // Then it is served, under the strict policy, and cannot be framed
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .contains(CSP);
            assertThat(response.headers().firstValue("X-Frame-Options"))
                    .as(path)
                    .contains("DENY");
            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .contains("nosniff");
        }
    }

    @Test
    void shouldServeAPageWithNoInlineScriptOrStyle() {
        // When the page is fetched
        String page = http().get("/console", null).body();

        // Then every script and style sheet is a file of this origin: the policy forbids inline ones
        assertThat(page).contains("<script src=\"/console/console.js\" defer></script>");
        assertThat(page).contains("<link rel=\"stylesheet\" href=\"/console/style.css\">");
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
        assertThat(page).doesNotContainPattern("<style|\\sstyle=|\\son[a-z]+=");
    }

    @Test
    void shouldKeepCallDataBehindTheTokenAndRefuseWritesToTheConsolePath() {
        // When call data is asked for without the token, or the console path is posted to
        HttpResponse<String> calls = http().get("/api/calls", null);
        HttpResponse<String> events = http().get("/api/events", null);
        HttpResponse<String> post = http().post("/console", null);

        // Then each is refused with a problem that says why (the console path serves GET and HEAD only)
        assertThat(calls.statusCode()).isEqualTo(401);
        assertThat(events.statusCode()).isEqualTo(401);
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(post.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void shouldGrantNoCorsAccessToAnotherOrigin() throws Exception {
        // Given a page on another origin that holds the token (a leaked one, or a confused deputy)
        String origin = "https://evil.example";

        // When its browser sends a CORS preflight and then the request itself
        HttpResponse<String> preflight = HTTP.send(
                HttpRequest.newBuilder(http().uri("/api/calls"))
                        .timeout(Duration.ofSeconds(10))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> get = HTTP.send(
                HttpRequest.newBuilder(http().uri("/api/calls"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Origin", origin)
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> asset = HTTP.send(
                HttpRequest.newBuilder(http().uri("/console/console.js"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Origin", origin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        // Then no response grants that origin anything: the browser would block the reads
        for (HttpResponse<String> response : java.util.List.of(preflight, get, asset)) {
            assertThat(response.headers().map().keySet())
                    .as(response.request().method() + " " + response.uri())
                    .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-allow"));
        }
        assertThat(preflight.statusCode()).isNotEqualTo(200);
    }
}
