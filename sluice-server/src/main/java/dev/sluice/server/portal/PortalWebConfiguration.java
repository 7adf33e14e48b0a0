package dev.sluice.server.portal;

import jakarta.servlet.MultipartConfigElement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * Serves the portal's scripts under {@code /portal/} (so the browser's security rules for the
 * portal cover them) and lets its upload form carry a jar as large as the API accepts.
 */
@Configuration(proxyBeanMethods = false)
class PortalWebConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Version-less paths (/portal/webjars/htmx.org/dist/htmx.min.js): the pom alone names it.
        registry.addResourceHandler("/portal/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/portal/", "/portal");
    }

    /**
     * Spring Boot's default multipart limit is 1 MB, far below a job jar. The request may be the
     * jar limit plus the form's other fields; the jar's own limit is checked while it is stored,
     * where a refusal shows next to the field.
     */
    @Bean
    MultipartConfigElement multipartConfig(
            @Value("${sluice.storage.max-jar-bytes:268435456}") long maxJarBytes) {
        long formFields = 1024 * 1024;
        return new MultipartConfigElement(
                "", maxJarBytes + formFields, maxJarBytes + formFields, 64 * 1024);
    }
}
