package dev.sluice.server.portal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never a driver or browser that
 * Selenium would download), with waits that survive htmx replacing the page's fragments and a
 * full-page screenshot of every page a test visits.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration SHORT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final Path screenshots;
    private final String prefix;
    private int shots;

    private Browser(
            ChromeDriver driver,
            ChromeDriverService service,
            Path profile,
            Path screenshots,
            String prefix) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.screenshots = screenshots;
        this.prefix = prefix;
    }

    /**
     * Starts Chromium at 1280 × 900; screenshots go to {@code screenshots/<prefix>-NN-name.png}.
     */
    static Browser start(Path screenshots, String prefix) throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException(
                    "The portal's browser tests need Debian's Chromium and its driver: apt-get"
                            + " install -y chromium chromium-driver (.ci/run installs them)");
        }
        Files.createDirectories(screenshots);
        Path profile = Files.createTempDirectory("sluice-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=1280,900");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(CHROMEDRIVER))
                        .usingAnyFreePort()
                        .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, service, profile, screenshots, prefix);
    }

    void open(String url) {
        driver.get(url);
    }

    void back() {
        driver.navigate().back();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /**
     * Lays pages out as a phone of this size would (a headless window cannot be made that narrow),
     * or, with {@code width} 0, as the desktop window again.
     */
    void emulate(int width, int height) {
        if (width == 0) {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            return;
        }
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
        driver.navigate().refresh();
    }

    WebElement find(By by) {
        return new WebDriverWait(driver, SHORT)
                .ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.presenceOfElementLocated(by));
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The element's visible text, read again if htmx replaced it meanwhile. */
    String text(By by) {
        return new WebDriverWait(driver, SHORT)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(d -> d.findElement(by).getText().strip());
    }

    void type(By by, String text) {
        WebElement input = find(by);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks once the element is clickable, retrying when htmx swapped it underneath. */
    void click(By by) {
        new WebDriverWait(driver, SHORT)
                .ignoring(StaleElementReferenceException.class)
                .until(
                        d -> {
                            WebElement element =
                                    ExpectedConditions.elementToBeClickable(by).apply(d);
                            if (element == null) {
                                return false;
                            }
                            element.click();
                            return true;
                        });
    }

    void awaitUrl(String part) {
        new WebDriverWait(driver, SHORT).until(ExpectedConditions.urlContains(part));
    }

    void awaitVisible(By by) {
        new WebDriverWait(driver, SHORT)
                .ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void awaitGone(By by) {
        new WebDriverWait(driver, Duration.ofSeconds(120))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(by).isEmpty());
    }

    void awaitText(By by, String expected) {
        awaitText(by, expected, SHORT);
    }

    /** Waits until the element's text contains {@code expected}, as the page's polling shows it. */
    void awaitText(By by, String expected, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                    .ignoring(StaleElementReferenceException.class)
                    .ignoring(NoSuchElementException.class)
                    .until(d -> d.findElement(by).getText().contains(expected));
        } catch (WebDriverException e) {
            shot("timeout");
            throw new AssertionError(
                    "Waited "
                            + timeout.toSeconds()
                            + " s for '"
                            + expected
                            + "' in "
                            + by
                            + "; the page shows: "
                            + driver.findElement(By.tagName("main")).getText(),
                    e);
        }
    }

    /** Saves the whole page, not only the window, as the next numbered screenshot. */
    void shot(String name) {
        shots++;
        Path file = screenshots.resolve(String.format("%s-%02d-%s.png", prefix, shots, name));
        try {
            Files.write(file, fullPage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private byte[] fullPage() {
        try {
            Map<String, Object> metrics =
                    driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            Map<String, Object> clip =
                    Map.of(
                            "x", 0,
                            "y", 0,
                            "width", ((Number) size.get("width")).doubleValue(),
                            "height", ((Number) size.get("height")).doubleValue(),
                            "scale", 1);
            Map<String, Object> shot =
                    driver.executeCdpCommand(
                            "Page.captureScreenshot",
                            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            return Base64.getDecoder().decode((String) shot.get("data"));
        } catch (WebDriverException | ClassCastException | NullPointerException e) {
            // The window's part is still worth having.
            return driver.getScreenshotAs(OutputType.BYTES);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    // Chromium may still hold a file; the temp dir is cleaned
                                    // later.
                                }
                            });
        } catch (IOException e) {
            // Nothing to clean.
        }
    }
}
