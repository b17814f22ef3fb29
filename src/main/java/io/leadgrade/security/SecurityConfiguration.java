package io.leadgrade.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every request is authenticated except health, the sign-in page and the first-user setup page: systems with an API key, people with the
 * session of the form login. Each endpoint then declares its role with {@code @PreAuthorize} (see {@link Roles});
 * ADMIN holds every role. CSRF protection applies to the browser's session, not to requests with a key.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET) // not for command-line runs
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            ApiKeys keys,
            ProblemResponses problems,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings,
            RoleHierarchy roleHierarchy)
            throws Exception {
        LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
        http.addFilterBefore(new ApiKeyAuthenticationFilter(keys, problems), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/login", "/setup", "/error")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .access(new EndpointRoles(mappings, roleHierarchy))
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .httpBasic(basic -> basic.disable())
                // CSRF guards what a browser session may do: requests with a key carry no session to abuse, and a
                // request without a session is anonymous (401), except the sign-in form itself.
                .csrf(csrf -> csrf.ignoringRequestMatchers(
                        request -> ApiKeyAuthenticationFilter.keyOf(request).isPresent()
                                || request.getSession(false) == null
                                        && !request.getRequestURI().equals("/login")
                                        && !request.getRequestURI().equals("/setup")))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> {
                            if (request.getRequestURI().startsWith("/api/")
                                    || request.getRequestURI().startsWith("/actuator/")
                                    || request.getRequestURI().startsWith("/v3/")) {
                                problems.write(
                                        response,
                                        HttpServletResponse.SC_UNAUTHORIZED,
                                        "Unauthorized",
                                        "Send an API key (X-API-Key or Authorization: Bearer) or sign in at /login.");
                            } else {
                                login.commence(request, response, e);
                            }
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response,
                                HttpServletResponse.SC_FORBIDDEN,
                                "Forbidden",
                                "This needs another role, or (for a signed-in browser) a valid CSRF token.")));
        return http.build();
    }

    /**
     * No Micrometer observation around every security filter, authentication and authorization: a profile of
     * {@code POST /api/grade} under load showed those wrappers as the largest part of the security chain's cost.
     * HTTP request metrics still come from Spring MVC.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy(
                "ROLE_ADMIN > ROLE_MARKETING_OPS\nROLE_ADMIN > ROLE_SALES\nROLE_ADMIN > ROLE_INGEST");
    }

    @Bean
    static MethodSecurityExpressionHandler methodSecurityExpressionHandler(RoleHierarchy roleHierarchy) {
        DefaultMethodSecurityExpressionHandler handler = new DefaultMethodSecurityExpressionHandler();
        handler.setRoleHierarchy(roleHierarchy);
        return handler;
    }

    @Bean
    static PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
