package dev.voicebridge.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The operator console in a real browser (Debian's headless Chromium through Selenium) against the
 * whole gateway, the Realtime simulator as Azure and a real caller on {@code /media}. What the page
 * heard and sent is read from {@code window.vbConsole}; what the caller heard, from the caller.
 */
class ConsoleBrowserTest extends AdminApplicationTest {

    private static Chromium chromium;

    @BeforeAll
    static void startBrowser() {
        chromium = new Chromium();
    }

    @AfterAll
    static void quitBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void shouldShowNoCallDataWithoutSignInAndRefuseAWrongTokenWithAClearMessage() throws Exception {
        // Given a live call
        try (ConsoleCaller caller = new ConsoleCaller(http().media(), MEDIA_TOKEN, "console-private", 0, 0)) {
            AdminHttp.await(
                    () -> http().get("/api/calls/console-private", ADMIN_TOKEN).statusCode() == 200,
                    "the call to be listed");

            // When the console is opened without signing in
            openConsole();

            // Then only the sign-in form shows, and the page holds nothing of the call
            assertThat(chromium.driver.findElement(By.id("sign-in")).isDisplayed())
                    .isTrue();
            assertThat(chromium.driver.findElement(By.id("app")).isDisplayed()).isFalse();
            assertThat(chromium.driver.getPageSource()).doesNotContain("console-private");

            // When a wrong token is submitted
            signIn("not-the-token");

            // Then it is refused with a message that says so, and still nothing of the call shows
            WebElement error = chromium.waiting(Duration.ofSeconds(10))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sign-in-error:not(:empty)")));
            assertThat(error.getText()).startsWith("The token was refused").contains("not valid for this gateway");
            assertThat(chromium.driver.findElement(By.id("app")).isDisplayed()).isFalse();
            assertThat(chromium.driver.getPageSource()).doesNotContain("console-private");

            // When the right token is submitted
            signIn(ADMIN_TOKEN);

            // Then the call shows, and the token is nowhere but in the script's memory
            row("console-private", Duration.ofSeconds(10));
            screenshots("console-calls.png");
            assertThat(chromium.driver.getCurrentUrl()).doesNotContain(ADMIN_TOKEN);
            assertThat(chromium.js("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"
                            + " + document.cookie + document.documentElement.outerHTML"))
                    .asString()
                    .doesNotContain(ADMIN_TOKEN);
        }
    }

    @Test
    void shouldShowALiveCallWithinOneSecondOfItsStart() throws Exception {
        // Given a signed-in console following the live events
        openConsole();
        signIn(ADMIN_TOKEN);
        chromium.waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("stream-status"), "live"));

        // When a call starts
        long started = System.nanoTime();
        try (ConsoleCaller caller = new ConsoleCaller(http().media(), MEDIA_TOKEN, "console-live", 450, 0)) {
            WebElement row = row("console-live", Duration.ofSeconds(5));
            long shownMillis = (System.nanoTime() - started) / 1_000_000;

            // Then it is listed within a second, with its numbers and a ticking duration
            assertThat(shownMillis).isLessThan(1000);
            assertThat(row.getText()).contains("+14155550123").contains("+12065550100");
            chromium.waiting(Duration.ofSeconds(5))
                    .until(d ->
                            !row.findElements(By.tagName("td")).get(3).getText().equals("0:00"));

            // And when it is opened after the caller said something, its transcript shows both sides
            http().awaitReady("console-live", ADMIN_TOKEN);
            Thread.sleep(1500);
            caller.tone(0);
            row.click();
            chromium.waiting(Duration.ofSeconds(20))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#transcript li.caller")));
            chromium.waiting(Duration.ofSeconds(20))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#transcript li.assistant")));
            screenshots("console-call.png");
        }
    }

    @Test
    void shouldDeliverTheCallersAudioToThePageWhenListening() {
        // Given a caller talking a 600 Hz tone and the call open in the console
        try (ConsoleCaller caller = new ConsoleCaller(http().media(), MEDIA_TOKEN, "console-listen", 600, 0)) {
            openCall("console-listen");
            assertThat(chromium.measured("listen.caller.frames")).isZero();

            // When the operator listens in
            chromium.driver.findElement(By.id("listen")).click();

            // Then a second of the caller's audio reaches the page, at the caller's level
            chromium.waiting(Duration.ofSeconds(10)).until(d -> chromium.measured("listen.caller.frames") >= 50);
            assertThat(chromium.measured("listen.caller.rms")).isGreaterThan(0.08);
        }
    }

    @Test
    void shouldCarryTheOperatorsMicrophoneToTheCaller() {
        // Given a silent caller listening for 1 kHz, and the call open in the console in copilot mode
        try (ConsoleCaller caller =
                new ConsoleCaller(http().media(), MEDIA_TOKEN, "console-talk", 0, Chromium.MIC_TONE_HZ)) {
            openCall("console-talk");
            chromium.driver.findElement(By.id("mode")).click();
            chromium.waiting(Duration.ofSeconds(5))
                    .until(d -> "copilot".equals(chromium.js("return window.vbConsole.mode")));
            assertThat(toneFrames(caller.heard())).isZero();

            // When the operator talks (the fake microphone plays a 1 kHz tone)
            chromium.driver.findElement(By.id("talk")).click();

            // Then the page sends 8 kHz frames, and the caller hears the tone
            chromium.waiting(Duration.ofSeconds(10)).until(d -> chromium.measured("talk.frames") >= 25);
            AdminHttp.await(
                    () -> toneFrames(caller.heard()) >= 25, "a half second of the operator's tone at the caller");
            assertThat(chromium.measured("talk.rms")).isGreaterThan(0.1);
        }
    }

    @Test
    void shouldStopTheAssistantWithin300msInCopilotAndShowASuggestion() throws Exception {
        // Given a call whose assistant is answering the caller (the simulator echoes 2 s of speech)
        try (ConsoleCaller caller = new ConsoleCaller(http().media(), MEDIA_TOKEN, "console-copilot", 0, 0)) {
            openCall("console-copilot");
            http().awaitReady("console-copilot", ADMIN_TOKEN);
            caller.tone(450);
            Thread.sleep(2000);
            caller.tone(0);
            AdminHttp.await(
                    () -> voicedSince(caller.heard(), 0) >= 15, "300 ms of the assistant's answer at the caller");

            // When the operator switches to copilot
            long switched = System.nanoTime();
            chromium.driver.findElement(By.id("mode")).click();

            // Then the caller hears the assistant stop within 300 ms
            Thread.sleep(1500);
            long lastVoiced = caller.heard().stream()
                    .filter(h -> h.rms() > 0.01)
                    .mapToLong(ConsoleCaller.Heard::nanos)
                    .max()
                    .orElseThrow();
            assertThat((lastVoiced - switched) / 1_000_000).isLessThanOrEqualTo(300);
            assertThat(chromium.js("return window.vbConsole.mode")).isEqualTo("copilot");

            // And when the caller speaks again, the reply comes to the page as a suggestion, not to the caller
            long spoke = System.nanoTime();
            caller.tone(450);
            Thread.sleep(1500);
            caller.tone(0);
            chromium.waiting(Duration.ofSeconds(20))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#suggestions li")));
            assertThat(chromium.driver
                            .findElement(By.cssSelector("#suggestions li"))
                            .getText())
                    .isNotBlank();
            assertThat(voicedSince(caller.heard(), spoke)).isZero();
        }
    }

    private void openConsole() {
        // A fresh load: the previous test's token (kept in memory only) is gone.
        chromium.driver.get(http().uri("/console").toString());
        chromium.waiting(Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
    }

    private void signIn(String token) {
        WebElement field = chromium.driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        chromium.driver.findElement(By.id("sign-in-button")).click();
    }

    private void openCall(String callId) {
        openConsole();
        signIn(ADMIN_TOKEN);
        row(callId, Duration.ofSeconds(10)).click();
        chromium.waiting(Duration.ofSeconds(10))
                .until(d -> "ready".equals(chromium.js("return window.vbConsole.operator")));
    }

    private WebElement row(String callId, Duration timeout) {
        return chromium.waiting(timeout)
                .until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("#calls-body tr[data-call-id='" + callId + "']")));
    }

    private static long toneFrames(List<ConsoleCaller.Heard> heard) {
        return heard.stream().filter(h -> h.rms() > 0.05 && h.toneShare() > 0.8).count();
    }

    private static long voicedSince(List<ConsoleCaller.Heard> heard, long nanos) {
        return heard.stream().filter(h -> h.nanos() >= nanos && h.rms() > 0.01).count();
    }

    /** The console as the operator sees it, for the README (to docs/ with -Dconsole.screenshots=../docs). */
    private static void screenshots(String name) throws Exception {
        Path dir = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), chromium.driver.getScreenshotAs(OutputType.BYTES));
    }
}
