package io.leadgrade.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Checks an API request against the role its endpoint declares with {@code @PreAuthorize}, in the filter chain:
 * before the body is read, so a caller without the role learns nothing about what the endpoint would accept. An
 * endpoint that declares no role is refused to everyone (fail closed). The same annotations are enforced again on
 * the controller methods.
 */
class EndpointRoles implements AuthorizationManager<RequestAuthorizationContext> {

    private static final Pattern ROLE = Pattern.compile("'([A-Z_]+)'");

    private final ObjectProvider<RequestMappingHandlerMapping> mappings;
    private final RoleHierarchy hierarchy;

    EndpointRoles(ObjectProvider<RequestMappingHandlerMapping> mappings, RoleHierarchy hierarchy) {
        this.mappings = mappings;
        this.hierarchy = hierarchy;
    }

    /** The roles an endpoint's {@code @PreAuthorize} names, or null when it declares none. */
    static Set<String> declaredRoles(HandlerMethod method) {
        PreAuthorize declared = method.getMethodAnnotation(PreAuthorize.class);
        if (declared == null) {
            declared = method.getBeanType().getAnnotation(PreAuthorize.class);
        }
        if (declared == null) {
            return null;
        }
        Set<String> roles = new TreeSet<>();
        Matcher matcher = ROLE.matcher(declared.value());
        while (matcher.find()) {
            roles.add(matcher.group(1));
        }
        return roles;
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        boolean authenticated =
                caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
        if (!authenticated) {
            return new AuthorizationDecision(false);
        }
        Set<String> roles = rolesFor(context.getRequest());
        if (roles == null) {
            // No endpoint has this path and method (MVC answers 404 or 405): nothing to protect beyond sign-in.
            return new AuthorizationDecision(true);
        }
        if (roles.isEmpty()) {
            return new AuthorizationDecision(false);
        }
        Collection<? extends GrantedAuthority> held = hierarchy.getReachableGrantedAuthorities(caller.getAuthorities());
        return new AuthorizationDecision(held.stream()
                .anyMatch(authority -> authority.getAuthority().startsWith("ROLE_")
                        && roles.contains(authority.getAuthority().substring(5))));
    }

    /**
     * The roles of the endpoint the request reaches; when no single endpoint takes it (its content type or
     * parameters do not fit), the roles of every endpoint with its path and method, so a caller without them gets
     * 403 rather than a hint about the body. Null when no endpoint has the path and method; empty when one declares
     * no role.
     */
    private Set<String> rolesFor(HttpServletRequest request) {
        RequestMappingHandlerMapping mapping = mappings.getObject();
        try {
            HandlerExecutionChain chain = mapping.getHandler(request);
            if (chain != null && chain.getHandler() instanceof HandlerMethod method) {
                Set<String> roles = declaredRoles(method);
                return roles == null ? Set.of() : roles;
            }
        } catch (Exception noSingleMatch) {
            // fall through to the endpoints of this path and method
        }
        Set<String> roles = null;
        for (var entry : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            if (info.getPathPatternsCondition() != null
                    && info.getPathPatternsCondition().getMatchingCondition(request) != null
                    && info.getMethodsCondition().getMatchingCondition(request) != null) {
                Set<String> declared = declaredRoles(entry.getValue());
                if (declared == null) {
                    return Set.of();
                }
                roles = roles == null ? new TreeSet<>() : roles;
                roles.addAll(declared);
            }
        }
        return roles;
    }
}
