package io.leadgrade.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/** The sign-in form of the browser pages (the form posts to Spring Security's /login, with its CSRF token). */
@Controller
class LoginPage {

    private final Users users;

    LoginPage(Users users) {
        this.users = users;
    }

    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String message = request.getParameter("error") != null
                ? "<p class=\"error\">Wrong user name or password.</p>"
                : request.getParameter("logout") != null
                        ? "<p>You are signed out.</p>"
                        : request.getParameter("setup") != null
                                ? "<p id=\"created\">The admin user is created: sign in with it.</p>"
                                : "";
        String hint = users.none()
                ? "<p class=\"hint\" id=\"setup-hint\">No user yet? When the service starts on a store without"
                        + " users it prints a one-time setup link on its console, next to the admin key: open it to"
                        + " create the first admin user. Each start prints a new link while there is no user.</p>"
                : "<p class=\"hint\">No user? Ask an admin: users are created on the setup link's page or with"
                        + " <code>POST /api/admin/users</code>.</p>";
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Sign in - LeadGrade</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
                label,input,button{display:block;width:100%%;margin:.4rem 0}input{padding:.5rem}
                button{padding:.6rem;background:#1f5fbf;color:#fff;border:0;border-radius:4px}.error{color:#b00020}.hint{color:#5b6575;font-size:.9rem}</style>
                </head><body><h1>LeadGrade</h1>%s
                <form method="post" action="/login">
                <label for="username">User name</label><input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit">Sign in</button></form>%s</body></html>
                """.formatted(
                message, HtmlUtils.htmlEscape(token.getParameterName()), HtmlUtils.htmlEscape(token.getToken()), hint);
    }
}
