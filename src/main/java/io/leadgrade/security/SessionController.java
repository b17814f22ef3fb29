package io.leadgrade.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who the caller is: the dashboard shows the actions the caller's roles allow, and a signed-in browser sends the CSRF
 * token given here with every change it asks for.
 */
@RestController
class SessionController {

    private final RoleHierarchy hierarchy;

    SessionController(RoleHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** The CSRF header a browser session must send with changes, and its token; absent for API keys. */
    record Csrf(String headerName, String token) {}

    record Me(String name, List<String> roles, Csrf csrf) {}

    @PreAuthorize(Roles.ANY_ROLE)
    @GetMapping("/api/me")
    Me me(Authentication authentication, HttpServletRequest request) {
        List<String> roles = hierarchy.getReachableGrantedAuthorities(authentication.getAuthorities()).stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring(5))
                .sorted()
                .toList();
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        boolean session = ApiKeyAuthenticationFilter.keyOf(request).isEmpty();
        return new Me(
                authentication.getName(),
                roles,
                session && token != null ? new Csrf(token.getHeaderName(), token.getToken()) : null);
    }
}
