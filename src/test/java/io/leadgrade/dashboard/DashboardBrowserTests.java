package io.leadgrade.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.leadgrade.demo.DemoData;
import io.leadgrade.imports.Imports;
import io.leadgrade.jobs.JobView;
import io.leadgrade.support.Http;
import io.leadgrade.support.Imported;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser (Debian's headless chromium through its chromedriver; skipped where they are not
 * installed, installed by .ci/run): a user signs in, and the territories and reps pages show in their tables and
 * charts what the report API returns for the demo data, filters included. Screenshots go to target/screenshots.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @LocalServerPort
    int port;

    @Autowired
    DemoData demo;

    @Autowired
    Imports imports;

    Http http;
    ChromeDriver browser;
    WebDriverWait wait;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed (.ci/run installs them)");
        http = new Http(port);
        Map<String, Object> state = Imported.await(imports, demo.load(6000, 7).id());
        assertThat(((JobView) state.get("job")).status().name()).isEqualTo("COMPLETED");
        assertThat(http.post(
                                "/api/admin/users",
                                "{\"username\":\"olivia\",\"password\":\"a long passphrase\",\"roles\":[\"SALES\"]}")
                        .status())
                .isEqualTo(201);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900");
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .build(),
                options);
        browser.manage().window().setSize(new Dimension(1366, 900));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        Files.createDirectories(SCREENSHOTS);

        browser.get(base() + "/ui/territories.html");
        wait.until(driver -> driver.getCurrentUrl().contains("/login"));
        browser.findElement(By.id("username")).sendKeys("olivia");
        browser.findElement(By.id("password")).sendKeys("a long passphrase");
        browser.findElement(By.cssSelector("form button, form [type=submit]")).click();
        wait.until(driver -> !driver.getCurrentUrl().contains("/login"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void the_overview_shows_the_totals_the_reports_give_and_a_weekly_chart() throws Exception {
        open("/ui/index.html");
        JsonNode nqs = http.get("/api/reports/nqs?groupBy=WEEK").json();
        JsonNode dispositions =
                http.get("/api/reports/dispositions?groupBy=WEEK").json();
        Map<String, List<String>> table = table("totals");
        assertThat(table.get("Handoffs (MQLs)").get(0))
                .isEqualTo(String.format(
                        java.util.Locale.US,
                        "%,d",
                        nqs.path("total").path("leads").asLong()));
        assertThat(table.get("MQL-to-SQO conversion").get(0))
                .isEqualTo(String.format(
                        java.util.Locale.ROOT,
                        "%.1f %%",
                        100 * dispositions.path("total").path("conversion").asDouble()));
        assertThat(table.get("Open handoffs").get(0))
                .isEqualTo(String.format(
                        java.util.Locale.US,
                        "%,d",
                        dispositions.path("total").path("open").asLong()));
        assertThat(nqs.path("groups").size()).as("six months of weeks").isGreaterThan(20);
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        screenshot("overview");
    }

    @Test
    void the_territories_page_shows_the_nqs_report_and_drills_down_to_a_territorys_reps() throws Exception {
        open("/ui/territories.html");
        JsonNode nqs = http.get("/api/reports/nqs?groupBy=TERRITORY").json();
        Map<String, List<String>> table = table("territories");
        assertThat(table).hasSize(nqs.path("groups").size());
        for (JsonNode group : nqs.path("groups")) {
            List<String> cells = table.get(group.path("group").asString());
            assertThat(cells).as(group.path("group").asString()).isNotNull();
            assertThat(cells.get(0))
                    .isEqualTo(String.format(
                            java.util.Locale.US, "%,d", group.path("leads").asLong()));
            assertThat(cells.get(4))
                    .isEqualTo(
                            group.path("tooSmall").asBoolean()
                                    ? "too few"
                                    : String.format(
                                            java.util.Locale.ROOT,
                                            "%.1f",
                                            group.path("nqs").asDouble()));
        }
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        screenshot("territories");

        browser.findElement(By.linkText("france")).click();
        wait.until(driver -> driver.getCurrentUrl().contains("reps.html?territory=france"));
        waitLoaded();
        JsonNode reps = http.get("/api/reports/dispositions?groupBy=REP&territory=france")
                .json();
        Map<String, List<String>> repTable = table("reps");
        assertThat(repTable.keySet())
                .containsExactlyInAnyOrderElementsOf(names(reps.path("groups")))
                .contains("marc.dubois", "sophie.martin");
        assertThat(browser.findElement(By.name("territory")).getAttribute("value"))
                .isEqualTo("france");
    }

    @Test
    void the_reps_page_shows_conversion_intervals_and_verdicts_and_its_filters_go_into_the_url() throws Exception {
        open("/ui/reps.html");
        JsonNode dispositions =
                http.get("/api/reports/dispositions?groupBy=REP").json();
        JsonNode performance = http.get("/api/reports/performance?groupBy=REP").json();
        Map<String, List<String>> table = table("reps");
        for (JsonNode rep : dispositions.path("groups")) {
            List<String> cells = table.get(rep.path("group").asString());
            assertThat(cells.get(1)).isEqualTo(String.valueOf(rep.path("sqo").asLong()));
            assertThat(cells.get(2))
                    .isEqualTo(String.format(
                            java.util.Locale.ROOT,
                            "%.1f %%",
                            100 * rep.path("conversion").asDouble()));
        }
        for (JsonNode row : performance) {
            assertThat(table.get(row.path("group").asString()).get(7))
                    .isEqualTo(row.path("verdict").asString());
        }
        assertThat(table.get("ben.carter").get(7)).startsWith("below");
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        screenshot("reps");

        WebElement source = browser.findElement(By.name("source"));
        source.sendKeys("paid-search");
        browser.findElement(By.cssSelector("#filters button")).click();
        wait.until(driver -> driver.getCurrentUrl().contains("source=paid-search"));
        waitLoaded();
        JsonNode filtered = http.get("/api/reports/dispositions?groupBy=REP&source=paid-search")
                .json();
        Map<String, List<String>> after = table("reps");
        for (JsonNode rep : filtered.path("groups")) {
            assertThat(after.get(rep.path("group").asString()).get(0))
                    .isEqualTo(String.format(
                            java.util.Locale.US, "%,d", rep.path("leads").asLong()));
        }
        assertThat(browser.findElement(By.linkText("Territories")).getAttribute("href"))
                .as("the filters go along to the other pages")
                .contains("source=paid-search");
    }

    @Test
    void the_calibration_page_shows_conversion_per_grade_as_the_api_does() throws Exception {
        open("/ui/calibration.html");
        JsonNode grades = http.get("/api/reports/calibration").json();
        Map<String, List<String>> table = table("grades");
        int decided = 0;
        for (JsonNode grade : grades) {
            if (grade.path("withOutcome").asLong() > 0) {
                decided++;
                List<String> cells = table.get(grade.path("grade").asString());
                assertThat(cells).as(grade.path("grade").asString()).isNotNull();
                assertThat(cells.get(0))
                        .isEqualTo(String.format(
                                java.util.Locale.US,
                                "%,d",
                                grade.path("withOutcome").asLong()));
                assertThat(cells.get(2))
                        .isEqualTo(String.format(
                                java.util.Locale.ROOT,
                                "%.1f %%",
                                100 * grade.path("conversion").asDouble()));
            }
        }
        assertThat(table).hasSize(decided).containsKeys("A1", "A2", "B1");
        assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
        screenshot("calibration");
    }

    @Test
    void the_feedback_page_lists_the_current_findings_with_their_evidence() throws Exception {
        JsonNode job = http.post("/api/feedback/refresh", "").json();
        for (int i = 0; i < 600 && job.path("status").asString().equals("RUNNING"); i++) {
            Thread.sleep(100);
            job = http.get("/api/jobs/" + job.path("id").asString()).json();
        }
        assertThat(job.path("status").asString()).isEqualTo("COMPLETED");
        JsonNode flags = http.get("/api/feedback/flags?current=true").json();
        open("/ui/feedback.html");
        Map<String, List<String>> table = table("flags");
        assertThat(browser.findElements(By.cssSelector("#flags tbody tr"))).hasSize(flags.size());
        for (JsonNode flag : flags) {
            List<String> cells = table.get(flag.path("subject").asString());
            assertThat(cells).as(flag.path("subject").asString()).isNotNull();
            assertThat(cells.get(2)).isEqualTo(flag.path("summary").asString());
        }
        assertThat(table).as("the demo's over-weighted rule is found").containsKey("Manager title");
        screenshot("feedback");
    }

    private void open(String path) {
        browser.get(base() + path);
        waitLoaded();
    }

    private void waitLoaded() {
        wait.until(
                driver -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-loaded")));
    }

    /** The table's rows by their first cell, each with its other cells' text. */
    private Map<String, List<String>> table(String id) {
        Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#" + id + " tbody tr"))) {
            List<String> cells = new ArrayList<>();
            row.findElements(By.cssSelector("td")).forEach(cell -> cells.add(cell.getText()));
            rows.put(row.findElement(By.cssSelector("th")).getText(), cells);
        }
        return rows;
    }

    private static List<String> names(JsonNode groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(group -> names.add(group.path("group").asString()));
        return names;
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
