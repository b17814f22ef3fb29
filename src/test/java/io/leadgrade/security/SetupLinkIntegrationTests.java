package io.leadgrade.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.MutableClock;
import io.leadgrade.support.TestClock;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The first sign-in without curl: a new store prints a one-time link on the console; it opens a page that creates
 * the first admin user once, stops working after its validity (1 hour by default), and cannot be used twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@Import(TestClock.class)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class SetupLinkIntegrationTests {

    private static final Pattern LINK = Pattern.compile("http://localhost:(\\d+)/setup\\?token=([A-Za-z0-9_-]{43})");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "a long passphrase";

    @LocalServerPort
    int port;

    @Autowired
    SetupLinks links;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    MutableClock clock;

    HttpClient browser;

    @BeforeEach
    void noUsers() {
        mongo.remove(new Query(), UserAccount.class);
        clock.set(Instant.now());
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    @Test
    void a_new_store_prints_a_setup_link_on_the_console_and_the_login_page_says_where_to_find_it(CapturedOutput output)
            throws Exception {
        Matcher link = LINK.matcher(output.getOut());
        assertThat(link.find()).as(output.getOut()).isTrue();
        assertThat(link.group(1)).isEqualTo(String.valueOf(port));
        assertThat(mongo.findById(ApiKeys.hash(link.group(2)), SetupLink.class))
                .as("stored by its hash only")
                .isNotNull();
        assertThat(mongo.findAll(Map.class, "setup_links").toString()).doesNotContain(link.group(2));
        assertThat(get("/login").body()).contains("one-time setup link on its console");
    }

    @Test
    void the_link_creates_the_first_admin_user_once_and_cannot_be_used_again() throws Exception {
        String token = links.create().token();
        HttpResponse<String> page = get("/setup?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Create the first admin user");

        HttpResponse<String> created = post("/setup", csrf(page), token, "ada", PASSWORD, PASSWORD);
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.headers().firstValue("Location")).hasValue("/login?setup");
        UserAccount ada = mongo.findById("ada", UserAccount.class);
        assertThat(ada.roles()).containsExactly(Role.ADMIN);
        assertThat(mongo.findById(ApiKeys.hash(token), SetupLink.class).usedAt())
                .isNotNull();

        HttpResponse<String> signIn = signIn("ada", PASSWORD);
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(get("/api/me").body()).contains("\"ada\"").contains("ADMIN");

        HttpResponse<String> again = get("/setup?token=" + token);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("has users already");
        // Even with the users gone, a used link stays used.
        mongo.remove(new Query(), UserAccount.class);
        assertThat(get("/setup?token=" + token).body()).contains("has been used");
        HttpResponse<String> reused = post("/setup", csrf(get("/login")), token, "eve", PASSWORD, PASSWORD);
        assertThat(reused.statusCode()).isEqualTo(410);
        assertThat(mongo.findById("eve", UserAccount.class)).isNull();
    }

    @Test
    void the_link_expires_after_its_validity() throws Exception {
        String token = links.create().token();
        HttpResponse<String> page = get("/setup?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(61));

        assertThat(get("/setup?token=" + token).statusCode()).isEqualTo(410);
        HttpResponse<String> late = post("/setup", csrf(page), token, "ada", PASSWORD, PASSWORD);
        assertThat(late.statusCode()).isEqualTo(410);
        assertThat(late.body()).contains("has expired").contains("prints a new one-time link");
        assertThat(mongo.findById("ada", UserAccount.class)).isNull();
    }

    @Test
    void a_short_password_is_refused_on_the_page_and_the_link_still_works() throws Exception {
        String token = links.create().token();
        HttpResponse<String> page = get("/setup?token=" + token);
        HttpResponse<String> refused = post("/setup", csrf(page), token, "ada", "short", "short");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("at least 12 characters");
        assertThat(post("/setup", csrf(refused), token, "ada", PASSWORD, PASSWORD)
                        .statusCode())
                .isEqualTo(303);
    }

    @Test
    void an_unknown_token_and_a_post_without_the_csrf_token_are_refused() throws Exception {
        assertThat(get("/setup?token=nope").statusCode()).isEqualTo(410);
        assertThat(get("/setup").body()).contains("not a valid setup link");
        String token = links.create().token();
        get("/setup?token=" + token);
        assertThat(post("/setup", "wrong", token, "ada", PASSWORD, PASSWORD).statusCode())
                .isEqualTo(403);
        assertThat(mongo.findById("ada", UserAccount.class)).isNull();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(
            String path, String csrf, String token, String username, String password, String confirm)
            throws IOException, InterruptedException {
        return form(
                path,
                Map.of("_csrf", csrf, "token", token, "username", username, "password", password, "confirm", confirm));
    }

    private HttpResponse<String> signIn(String username, String password) throws IOException, InterruptedException {
        return form("/login", Map.of("_csrf", csrf(get("/login")), "username", username, "password", password));
    }

    private HttpResponse<String> form(String path, Map<String, String> fields)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher matcher = CSRF.matcher(page.body());
        assertThat(matcher.find()).as(page.body()).isTrue();
        return matcher.group(1);
    }
}
