package io.leadgrade.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadgrade.support.Http;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what: every mapped API endpoint declares its role and refuses anonymous (401) and wrong-role (403)
 * calls; keys are shown once, stored hashed and can be revoked; people sign in with a form and their session needs
 * a CSRF token; changes that matter are audited.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "leadgrade.rules.watch.enabled=false")
@DirtiesContext
class SecurityIntegrationTests {

    private static final List<Role> NON_ADMIN = List.of(Role.INGEST, Role.SALES, Role.MARKETING_OPS);

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    MongoTemplate mongo;

    Http admin;
    final Map<Role, Http> asRole = new EnumMap<>(Role.class);
    final Map<Role, String> keyIds = new EnumMap<>(Role.class);

    @BeforeEach
    void keys() {
        admin = new Http(port);
        for (Role role : NON_ADMIN) {
            JsonNode created = admin.post(
                            "/api/admin/keys", "{\"name\":\"" + role + " test\",\"roles\":[\"" + role + "\"]}")
                    .json();
            asRole.put(role, new Http(port, created.path("key").asString()));
            keyIds.put(role, created.path("id").asString());
        }
    }

    @Test
    void every_endpoint_declares_its_role_and_refuses_anonymous_and_wrong_role_calls() {
        Http anonymous = new Http(port, null);
        List<String> walked = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mappings.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                Set<String> roles = EndpointRoles.declaredRoles(entry.getValue());
                assertThat(roles)
                        .as(pattern + " declares its role with @PreAuthorize")
                        .isNotNull()
                        .isNotEmpty();
                String path = pattern.replaceAll("\\{[^}]+}", "x");
                Set<RequestMethod> methods =
                        entry.getKey().getMethodsCondition().getMethods();
                String method =
                        methods.isEmpty() ? "GET" : methods.iterator().next().name();
                String endpoint = method + " " + pattern;
                walked.add(endpoint);

                Http.Response none = send(anonymous, method, path);
                assertThat(none.status()).as(endpoint + " anonymous").isEqualTo(401);
                assertThat(none.contentType()).as(endpoint).contains("application/problem+json");

                // Every role but one, or all of them (who am I): a caller with none of them is refused.
                Optional<Role> wrong = NON_ADMIN.stream()
                        .filter(role -> !roles.contains(role.name()))
                        .findFirst();
                if (wrong.isPresent()) {
                    Http.Response denied = send(asRole.get(wrong.get()), method, path);
                    assertThat(denied.status())
                            .as(endpoint + " as " + wrong.get())
                            .isEqualTo(403);
                } else {
                    assertThat(roles).as(endpoint).containsAll(List.of("SALES", "MARKETING_OPS", "INGEST"));
                }

                Role right = roles.contains("ADMIN")
                        ? null
                        : Role.valueOf(roles.iterator().next());
                Http.Response allowed = send(right == null ? admin : asRole.get(right), method, path);
                assertThat(allowed.status())
                        .as(endpoint + " as " + (right == null ? "ADMIN" : right))
                        .isNotIn(401, 403);
            }
        }
        assertThat(walked).hasSizeGreaterThanOrEqualTo(50);
        assertThat(walked).contains("PUT /api/leads/{id}/disposition", "POST /api/admin/keys", "POST /api/leads");
    }

    @Test
    void a_key_is_shown_once_stored_hashed_and_stops_working_when_revoked() {
        JsonNode created = admin.post("/api/admin/keys", "{\"name\":\"crm sync\",\"roles\":[\"INGEST\"]}")
                .json();
        String key = created.path("key").asString();
        String id = created.path("id").asString();
        assertThat(key).startsWith("lg_" + id + "_");
        assertThat(admin.get("/api/admin/keys").body()).contains(id).doesNotContain(key);
        ApiKey stored = mongo.findById(id, ApiKey.class);
        assertThat(stored.secretHash()).doesNotContain(key.substring(16)).hasSize(64);

        Http crm = new Http(port, key);
        assertThat(crm.post("/api/grade", "{\"title\":\"CEO\"}").status()).isEqualTo(200);
        assertThat(crm.get("/api/leads").status()).isEqualTo(403);
        assertThat(admin.delete("/api/admin/keys/" + id)
                        .json()
                        .path("revokedBy")
                        .asString())
                .isEqualTo("key:000000000000 (initial admin)");
        Http.Response revoked = crm.post("/api/grade", "{\"title\":\"CEO\"}");
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().path("detail").asString()).contains("not valid");
        assertThat(new Http(port, key.substring(0, key.length() - 1) + "A")
                        .post("/api/grade", "{}")
                        .status())
                .isEqualTo(401);

        assertThat(admin.get("/api/admin/audit?action=API_KEY_REVOKED").body()).contains("key:" + id);
    }

    @Test
    void people_sign_in_with_a_form_and_their_session_needs_a_csrf_token() throws Exception {
        Http.Response weak =
                admin.post("/api/admin/users", "{\"username\":\"sam\",\"password\":\"short\",\"roles\":[\"SALES\"]}");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(admin.post(
                                "/api/admin/users",
                                "{\"username\":\"sam\",\"password\":\"a long passphrase\",\"roles\":[\"SALES\"]}")
                        .status())
                .isEqualTo(201);
        assertThat(mongo.findById("sam", UserAccount.class).passwordHash())
                .startsWith("$2")
                .doesNotContain("passphrase");

        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String base = "http://localhost:" + port;
        assertThat(browser.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/leads"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        String loginPage = browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String csrf = csrfOf(loginPage);
        HttpResponse<String> wrongPassword =
                postForm(browser, base + "/login", "username=sam&password=wrong&_csrf=" + enc(csrf));
        assertThat(wrongPassword.headers().firstValue("Location").orElse("")).contains("error");
        csrf = csrfOf(browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        HttpResponse<String> signedIn = postForm(
                browser, base + "/login", "username=sam&password=" + enc("a long passphrase") + "&_csrf=" + enc(csrf));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");

        HttpResponse<String> leads = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/api/leads")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(leads.statusCode()).isEqualTo(200);
        // A write from the browser session without the CSRF token is refused, even for a role that may write.
        HttpResponse<String> forged = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/api/leads/x/disposition"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"code\":\"SQO\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        // The dashboard learns its user, roles and CSRF token from /api/me; with the token the same write goes through.
        JsonNode me = new tools.jackson.databind.ObjectMapper()
                .readTree(browser.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/me"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        assertThat(me.get("name").asString()).isEqualTo("sam");
        assertThat(me.get("roles").toString()).isEqualTo("[\"SALES\"]");
        HttpResponse<String> withToken = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/api/leads/x/disposition"))
                        .header("Content-Type", "application/json")
                        .header(
                                me.get("csrf").get("headerName").asString(),
                                me.get("csrf").get("token").asString())
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"code\":\"SQO\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(404);
        JsonNode key = admin.get("/api/me").json();
        assertThat(key.get("roles").toString()).contains("ADMIN", "MARKETING_OPS", "SALES", "INGEST");
        assertThat(key.get("csrf").isNull())
                .as("a key has no session to protect")
                .isTrue();
        assertThat(admin.get("/api/admin/users").body()).contains("sam").doesNotContain("$2");
    }

    @Test
    void rule_changes_re_grades_and_key_changes_are_audited_with_who_did_them() {
        Http ops = asRole.get(Role.MARKETING_OPS);
        assertThat(ops.post("/api/rulesets/reload", "").status()).isEqualTo(200);
        JsonNode entries = admin.get("/api/admin/audit").json();
        List<String> actions = new ArrayList<>();
        entries.forEach(entry -> actions.add(
                entry.path("action").asString() + " by " + entry.path("actor").asString()));
        assertThat(actions)
                .anyMatch(action ->
                        action.startsWith("RULESET_RELOADED by key:") && action.endsWith("(MARKETING_OPS test)"));
        assertThat(actions).anyMatch(action -> action.equals("API_KEY_CREATED by key:000000000000 (initial admin)"));
        assertThat(ops.get("/api/admin/audit").status()).isEqualTo(403);
        assertThat(mongo.count(
                        Query.query(Criteria.where("action")
                                .is("RULESET_RELOADED")
                                .and("actor")
                                .is(actorOf(Role.MARKETING_OPS))),
                        AuditEntry.class))
                .isEqualTo(1);
    }

    private String actorOf(Role role) {
        return "key:" + keyIds.get(role) + " (" + role + " test)";
    }

    private static Http.Response send(Http http, String method, String path) {
        return switch (method) {
            case "GET" -> http.get(path);
            case "DELETE" -> http.delete(path);
            case "PUT" -> http.put(path, "{}");
            case "PATCH" -> http.send("PATCH", path, "application/json", "{}".getBytes());
            default -> http.post(path, "{}");
        };
    }

    private static String csrfOf(String html) {
        Matcher matcher =
                Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find())
                .as("the login page carries a CSRF token: " + html)
                .isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> postForm(HttpClient client, String url, String form)
            throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
