package io.leadgrade.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A newcomer's first sign-in in a real browser (headless chromium, skipped where it is not installed): the login
 * page says where the setup link is, the link printed on the console opens the setup page, the first admin user is
 * created there and signs in to the dashboard.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class SetupPageBrowserTests {

    static final Pattern LINK = Pattern.compile("http://localhost:\\d+/setup\\?token=[A-Za-z0-9_-]{43}");

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void the_console_link_opens_the_setup_page_which_creates_the_first_admin_who_then_signs_in(CapturedOutput output)
            throws Exception {
        assumeTrue(
                Files.isExecutable(DashboardBrowserTests.CHROMIUM)
                        && Files.isExecutable(DashboardBrowserTests.CHROMEDRIVER),
                "chromium and chromedriver are not installed (.ci/run installs them)");
        Matcher link = LINK.matcher(output.getOut());
        assertThat(link.find()).as("the setup link on the console").isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(DashboardBrowserTests.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900");
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(DashboardBrowserTests.CHROMEDRIVER.toFile())
                        .build(),
                options);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

        browser.get("http://localhost:" + port + "/ui/index.html");
        wait.until(driver -> driver.getCurrentUrl().contains("/login"));
        assertThat(browser.findElement(By.id("setup-hint")).getText()).contains("one-time setup link on its console");

        browser.get(link.group());
        browser.findElement(By.id("username")).sendKeys("ada");
        browser.findElement(By.id("password")).sendKeys("a long passphrase");
        browser.findElement(By.id("confirm")).sendKeys("a different one!");
        browser.findElement(By.cssSelector("form button")).click();
        assertThat(wait.until(driver -> driver.findElement(By.id("problem"))).getText())
                .isEqualTo("The two passwords differ.");
        browser.findElement(By.id("password")).sendKeys("a long passphrase");
        browser.findElement(By.id("confirm")).sendKeys("a long passphrase");
        browser.findElement(By.cssSelector("form button")).click();
        wait.until(driver -> driver.getCurrentUrl().endsWith("/login?setup"));
        assertThat(browser.findElement(By.id("created")).getText()).contains("admin user is created");

        browser.findElement(By.id("username")).sendKeys("ada");
        browser.findElement(By.id("password")).sendKeys("a long passphrase");
        browser.findElement(By.cssSelector("form button")).click();
        wait.until(driver -> !driver.getCurrentUrl().contains("/login"));
        browser.get("http://localhost:" + port + "/ui/index.html");
        wait.until(
                driver -> "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
        Files.createDirectories(DashboardBrowserTests.SCREENSHOTS);
        Files.write(
                DashboardBrowserTests.SCREENSHOTS.resolve("signed-in-after-setup.png"),
                browser.getScreenshotAs(OutputType.BYTES));

        browser.get(link.group());
        assertThat(browser.findElement(By.id("refused")).getText()).contains("has users already");
    }
}
