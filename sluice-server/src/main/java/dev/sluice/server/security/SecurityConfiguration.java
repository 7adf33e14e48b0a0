package dev.sluice.server.security;

import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.common.OperationRecord;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three filter chains. A browser at {@code /} is redirected to the portal. Browser paths ({@code
 * /portal/**}, {@code /login}, {@code /logout}) sign in with a form and keep a session, with CSRF
 * protection on every form. Everything else is the stateless API: a bearer token on every call (no
 * session, no CSRF, as no browser sends the token by itself), roles checked by {@link
 * ArmAuthorization}, refusals in the ARM error shape.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Hashes secrets with BCrypt, tagged with the algorithm so a later change can migrate. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    Authorizer authorizer(SecurityStore store) {
        return new Authorizer(store::assignmentsOf);
    }

    /**
     * A browser opening the root URL ({@code GET /} accepting HTML, not just any type) is sent to
     * the portal, and so to its sign-in page; API clients keep the JSON errors of the API chain.
     */
    @Bean
    @Order(0)
    SecurityFilterChain rootChain(HttpSecurity http) throws Exception {
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        Filter redirect =
                (request, response, chain) ->
                        ((HttpServletResponse) response)
                                .sendRedirect(
                                        ((HttpServletRequest) request).getContextPath()
                                                + "/portal");
        return http.securityMatcher(
                        new AndRequestMatcher(
                                PathPatternRequestMatcher.withDefaults()
                                        .matcher(HttpMethod.GET, "/"),
                                html))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(
                        session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(redirect, AuthorizationFilter.class)
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain browserChain(HttpSecurity http, AuditLog audit, JsonMapper json)
            throws Exception {
        return http.securityMatcher("/portal", "/portal/**", "/login", "/logout")
                .authorizeHttpRequests(
                        requests ->
                                requests.requestMatchers(
                                                "/login",
                                                "/portal/webjars/**",
                                                "/portal/*.css",
                                                "/portal/*.js")
                                        .permitAll()
                                        .anyRequest()
                                        .authenticated())
                .formLogin(
                        form ->
                                form.loginPage("/login")
                                        .usernameParameter("client_id")
                                        .passwordParameter("client_secret")
                                        .defaultSuccessUrl("/portal", false)
                                        .failureUrl("/login?error")
                                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .addFilterAfter(new AuditFilter(audit, json), SecurityContextHolderFilter.class)
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(
            HttpSecurity http,
            Authorizer authorizer,
            ResourceStore resources,
            TokenIssuer issuer,
            SigningKey key,
            SecuritySettings settings,
            SecurityStore store,
            AuditLog audit,
            JsonMapper json)
            throws Exception {
        SecurityErrors errors = new SecurityErrors(json);
        ArmAuthorization authorization =
                new ArmAuthorization(
                        authorizer,
                        operationId ->
                                resources
                                        .findOperation(operationId)
                                        .map(OperationRecord::resourceId));
        TrustedIssuers issuers =
                new TrustedIssuers(
                        issuer,
                        key,
                        clientId -> store.findPrincipal(clientId).isPresent(),
                        settings.issuers());
        Consumer<OAuth2ProtectedResourceMetadata.Builder> resourceMetadata =
                document -> resourceMetadata(document, issuer, settings);
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(
                        session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // A session cookie of the portal must not authenticate an API call.
                .securityContext(
                        context ->
                                context.securityContextRepository(
                                        new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().access(authorization))
                .oauth2ResourceServer(
                        resourceServer ->
                                resourceServer
                                        .authenticationManagerResolver(
                                                new JwtIssuerAuthenticationManagerResolver(issuers))
                                        .authenticationEntryPoint(errors)
                                        .accessDeniedHandler(errors)
                                        // RFC 9728 metadata: which issuers' tokens count.
                                        .protectedResourceMetadata(
                                                metadata ->
                                                        metadata
                                                                .protectedResourceMetadataCustomizer(
                                                                        resourceMetadata)))
                .exceptionHandling(
                        exceptions ->
                                exceptions
                                        .authenticationEntryPoint(errors)
                                        .accessDeniedHandler(errors))
                .addFilterAfter(new AuditFilter(audit, json), SecurityContextHolderFilter.class)
                .build();
    }

    private static void resourceMetadata(
            OAuth2ProtectedResourceMetadata.Builder document,
            TokenIssuer issuer,
            SecuritySettings settings) {
        document.resourceName("Sluice")
                .tlsClientCertificateBoundAccessTokens(false)
                .authorizationServer(issuer.issuer());
        settings.issuers().forEach(external -> document.authorizationServer(external.issuer()));
    }
}
