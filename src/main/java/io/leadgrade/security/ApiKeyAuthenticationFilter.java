package io.leadgrade.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry an API key ({@code X-API-Key: lg_...} or {@code Authorization: Bearer lg_...}).
 * A key that does not authenticate ends the request with 401; a request without one goes on (to the session of a
 * signed-in user, or to a 401 of its own).
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";

    private final ApiKeys keys;
    private final ProblemResponses problems;

    ApiKeyAuthenticationFilter(ApiKeys keys, ProblemResponses problems) {
        this.keys = keys;
        this.problems = problems;
    }

    /** The key text the request carries, if any. */
    static Optional<String> keyOf(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7));
        }
        return Optional.empty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> text = keyOf(request);
        if (text.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKey> key;
        try {
            key = keys.authenticate(text.get());
        } catch (DataAccessResourceFailureException storeDown) {
            problems.write(
                    response,
                    HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "Store unavailable",
                    "The database cannot be reached to check the API key; nothing was done. Try again later.");
            return;
        }
        if (key.isEmpty()) {
            problems.write(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Unauthorized",
                    "The API key is not valid: unknown, revoked, or mistyped.");
            return;
        }
        ApiKey apiKey = key.get();
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                "key:" + apiKey.id() + " (" + apiKey.name() + ")",
                null,
                apiKey.roles().stream()
                        .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                        .toList());
        SecurityContextHolder.getContext().setAuthentication(authentication);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
