package io.leadgrade.security;

import io.leadgrade.system.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The page a one-time setup link opens (see {@link SetupLinks}): a form for the first admin user's name and
 * password. A link that is unknown, expired or used, or a store that has a user, gets a page that says so and where
 * a new link comes from.
 */
@Controller
class SetupPage {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]+");

    private final SetupLinks links;

    SetupPage(SetupLinks links) {
        this.links = links;
    }

    @GetMapping(value = "/setup", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> form(@RequestParam(required = false) String token, HttpServletRequest request) {
        SetupLinks.Refusal refusal = links.check(token);
        if (refusal != null) {
            return refused(refusal);
        }
        return ResponseEntity.ok(form(request, token, "", ""));
    }

    @PostMapping(value = "/setup", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> create(
            @RequestParam(required = false) String token,
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirm,
            HttpServletRequest request) {
        String problem = null;
        if (!USERNAME.matcher(username).matches()) {
            problem = "The user name must be letters, digits, ., _, @ and -.";
        } else if (password.length() < Users.MIN_PASSWORD) {
            problem = "The password must have at least " + Users.MIN_PASSWORD + " characters.";
        } else if (!password.equals(confirm)) {
            problem = "The two passwords differ.";
        }
        if (problem != null) {
            return ResponseEntity.badRequest().body(form(request, token, username, problem));
        }
        SetupLinks.Refusal refusal;
        try {
            refusal = links.createFirstAdmin(token, username, password);
        } catch (InvalidRequestException invalid) {
            String text = invalid.problems().stream()
                    .map(p -> p.field() + " " + p.message())
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("invalid");
            return ResponseEntity.badRequest().body(form(request, token, username, text));
        } catch (ErrorResponseException conflict) {
            return ResponseEntity.badRequest()
                    .body(form(request, token, username, conflict.getBody().getDetail()));
        }
        if (refusal != null) {
            return refused(refusal);
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .header("Location", "/login?setup")
                .build();
    }

    private static ResponseEntity<String> refused(SetupLinks.Refusal refusal) {
        String why = switch (refusal) {
            case USERS_EXIST -> "This store has users already: sign in, or ask an admin for a user.";
            case EXPIRED -> "This setup link has expired.";
            case USED -> "This setup link has been used.";
            case UNKNOWN -> "This is not a valid setup link.";
        };
        String next = refusal == SetupLinks.Refusal.USERS_EXIST
                ? "<p><a href=\"/login\">Sign in</a></p>"
                : "<p>While the store has no user, every start of the service prints a new one-time link on the"
                        + " console: restart it and open the new link.</p>";
        HttpStatus status = refusal == SetupLinks.Refusal.USERS_EXIST ? HttpStatus.CONFLICT : HttpStatus.GONE;
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_HTML)
                .body(page("<p class=\"error\" id=\"refused\">" + why + "</p>" + next));
    }

    private static String form(HttpServletRequest request, String token, String username, String problem) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return page("""
                <p>Create the first admin user. An admin can then add users for everyone else.</p>%s
                <form method="post" action="/setup">
                <label for="username">User name</label><input id="username" name="username" value="%s" autocomplete="username" required autofocus>
                <label for="password">Password (at least %d characters)</label><input id="password" name="password" type="password" autocomplete="new-password" required>
                <label for="confirm">The password again</label><input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
                <input type="hidden" name="token" value="%s">
                <input type="hidden" name="%s" value="%s">
                <button type="submit">Create the admin user</button></form>
                """.formatted(
                problem.isEmpty() ? "" : "<p class=\"error\" id=\"problem\" role=\"alert\">" + esc(problem) + "</p>",
                esc(username),
                Users.MIN_PASSWORD,
                esc(token),
                esc(csrf.getParameterName()),
                esc(csrf.getToken())));
    }

    static String page(String body) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Set up - LeadGrade</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}
                label,input,button{display:block;width:100%%;margin:.4rem 0}input{padding:.5rem}
                button{padding:.6rem;background:#1f5fbf;color:#fff;border:0;border-radius:4px}.error{color:#b00020}</style>
                </head><body><h1>LeadGrade</h1>%s</body></html>
                """.formatted(body);
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
