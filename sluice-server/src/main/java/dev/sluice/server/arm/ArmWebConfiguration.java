package dev.sluice.server.arm;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** ARM conventions for every {@code /subscriptions/**} call: api-version, strict JSON types. */
@Configuration(proxyBeanMethods = false)
class ArmWebConfiguration implements WebMvcConfigurer {

    /** ARM paths are case-insensitive: clients write both "clusterPools" and "clusterpools". */
    @Override
    public void configurePathMatch(PathMatchConfigurer configurer) {
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        configurer.setPatternParser(parser);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiVersions()).addPathPatterns("/subscriptions/**");
    }

    /** Requests Tomcat refuses before the application sees them get the ARM error shape too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> containerErrorReport() {
        return factory ->
                factory.addContextCustomizers(
                        context ->
                                ((StandardHost) context.getParent())
                                        .setErrorReportValveClass(
                                                ContainerErrorReport.class.getName()));
    }

    /**
     * A number or boolean where the contract says string (or the reverse) is a client error that
     * names the field, not something to guess at; unknown fields stay ignored.
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder ->
                builder.withCoercionConfig(
                                LogicalType.Textual,
                                config ->
                                        config.setCoercion(
                                                        CoercionInputShape.Integer,
                                                        CoercionAction.Fail)
                                                .setCoercion(
                                                        CoercionInputShape.Float,
                                                        CoercionAction.Fail)
                                                .setCoercion(
                                                        CoercionInputShape.Boolean,
                                                        CoercionAction.Fail))
                        .withCoercionConfig(
                                LogicalType.Integer,
                                config ->
                                        config.setCoercion(
                                                CoercionInputShape.String, CoercionAction.Fail))
                        .withCoercionConfig(
                                LogicalType.Float,
                                config ->
                                        config.setCoercion(
                                                CoercionInputShape.String, CoercionAction.Fail));
    }
}
