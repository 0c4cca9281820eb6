package io.gatehouse.web;

import io.gatehouse.stack.Settings;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (packages {@code chromium chromium-driver},
 * installed by .ci/run); Selenium is given both paths, so it never looks for or downloads a browser. A fresh
 * profile per instance: no cookies are shared between browsers.
 */
public final class Browser implements AutoCloseable {
    private static final Settings SETTINGS = Settings.fromSystem();
    /** Selenium warns on every start that it has no DevTools binding for this Chromium; the tests use none. */
    private static final java.util.logging.Logger DEVTOOLS = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS.setLevel(Level.SEVERE);
    }
    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** A laptop-sized window; {@link #phone()} for a phone-sized one. */
    public static Browser laptop() {
        return open(1280, 860, false);
    }

    public static Browser phone() {
        return open(390, 844, false);
    }

    /** A laptop-sized window whose network traffic Chromium logs, for {@link #takeReceivedBytes()}. */
    public static Browser laptopRecordingNetwork() {
        return open(1280, 860, true);
    }

    private static Browser open(int width, int height, boolean recordNetwork) {
        File chromium = executable("gatehouse.chromium", "/usr/bin/chromium");
        File chromedriver = executable("gatehouse.chromedriver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en-US",
                "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        if (recordNetwork) {
            logs.enable(LogType.PERFORMANCE, Level.ALL);
        }
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    private static File executable(String setting, String defaultPath) {
        File file = new File(SETTINGS.get(setting, defaultPath));
        if (!file.canExecute()) {
            throw new IllegalStateException(file + " is missing: install Debian's packages chromium and chromium-driver "
                    + "(.ci/run does), or set " + Settings.environmentName(setting));
        }
        return file;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves a PNG of the viewport under target/screenshots for review. */
    public Path screenshot(String name) {
        try {
            Path folder = Path.of(SETTINGS.get("gatehouse.screenshots.dir", "target/screenshots"));
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the page logged at SEVERE since the last call: script errors, CSP violations, failed requests. */
    public List<String> severeConsoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Bytes received since the last call, by origin (needs {@link #laptopRecordingNetwork()}). */
    public ReceivedBytes takeReceivedBytes() {
        return ReceivedBytes.of(driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(LogEntry::getMessage).toList());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
