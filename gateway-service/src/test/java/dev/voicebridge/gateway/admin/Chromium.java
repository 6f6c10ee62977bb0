package dev.voicebridge.gateway.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (bin/install-test-tools puts
 * both there): both paths are set, so Selenium Manager is never asked to find or download either. A
 * fresh profile per browser; the fake microphone plays a 1 kHz tone from a WAV made here, and the
 * permission prompt is answered yes.
 */
final class Chromium implements AutoCloseable {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    /** The fake microphone's tone. */
    static final int MIC_TONE_HZ = 1000;

    final ChromeDriver driver;
    private final Path profile;

    Chromium() {
        try {
            profile = Files.createTempDirectory("vb-chromium-");
            Path tone = profile.resolve("mic-1khz.wav");
            Files.write(tone, toneWav(MIC_TONE_HZ, 48_000, 10));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY);
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--window-size=1400,900",
                    "--user-data-dir=" + profile.resolve("profile"),
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + tone,
                    "--autoplay-policy=no-user-gesture-required");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(DRIVER).toFile())
                    .usingAnyFreePort()
                    .build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a script in the page and returns its value. */
    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** A number the page measured: {@code window.vbConsole.<path>}. */
    double measured(String path) {
        Object value = js("return Number(window.vbConsole." + path + ")");
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    WebDriverWait waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(20));
    }

    /** A mono PCM16 WAV of a sine tone at half scale. */
    static byte[] toneWav(int hz, int sampleRate, int seconds) {
        int samples = sampleRate * seconds;
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
        wav.putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) Math.round(16_000 * Math.sin(2 * Math.PI * hz * i / sampleRate)));
        }
        return wav.array();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
