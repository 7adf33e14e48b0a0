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

/** ARM conventions for every {@code /subscriptions/**} call: api-version, lenient JSON scalars. */
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
        registry.addInterceptor(new ApiVersions())
                .addPathPatterns("/subscriptions/**", "/providers/Microsoft.HDInsight/**");
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
     * Lenient where the wire is (ARM's own deserializer converts too): a number or boolean where
     * the contract says string (a {@code flinkConfiguration} value, {@code args}) becomes its text,
     * a numeric string where it says number ({@code "cpu": "1"}) its number. What cannot be
     * converted (an object for a string, {@code "cpu": "one"}) stays a 400 naming the field.
     */
    @Bean
    JsonMapperBuilderCustomizer lenientScalars() {
        return builder ->
                builder.withCoercionConfig(
                                LogicalType.Textual,
                                config ->
                                        config.setCoercion(
                                                        CoercionInputShape.Integer,
                                                        CoercionAction.TryConvert)
                                                .setCoercion(
                                                        CoercionInputShape.Float,
                                                        CoercionAction.TryConvert)
                                                .setCoercion(
                                                        CoercionInputShape.Boolean,
                                                        CoercionAction.TryConvert))
                        .withCoercionConfig(
                                LogicalType.Integer,
                                config ->
                                        config.setCoercion(
                                                CoercionInputShape.String,
                                                CoercionAction.TryConvert))
                        .withCoercionConfig(
                                LogicalType.Float,
                                config ->
                                        config.setCoercion(
                                                CoercionInputShape.String,
                                                CoercionAction.TryConvert))
                        .withCoercionConfig(
                                LogicalType.Boolean,
                                config ->
                                        config.setCoercion(
                                                CoercionInputShape.String,
                                                CoercionAction.TryConvert));
    }
}
