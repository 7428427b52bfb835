package io.costwise;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.PathResourceResolver;


/**
 * Serves the web UI built into {@code static/}: hashed assets cached for good, and every other path
 * outside the API answered with {@code index.html} so that the single-page app's routes survive a
 * reload.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	private static final String[] SERVER_PATHS = { "api/", "otlp/", "actuator/", "v3/", "swagger-ui", "error" };

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/assets/**")
			.addResourceLocations("classpath:/static/assets/")
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
		registry.addResourceHandler("/**")
			.addResourceLocations("classpath:/static/")
			.setCacheControl(CacheControl.noCache())
			.resourceChain(true)
			.addResolver(new SinglePageAppResolver());
	}

	static class SinglePageAppResolver extends PathResourceResolver {

		@Override
		protected Resource getResource(String resourcePath, Resource location) throws IOException {
			for (String serverPath : SERVER_PATHS) {
				if (resourcePath.startsWith(serverPath)) {
					return null;
				}
			}
			Resource requested = location.createRelative(resourcePath);
			if (requested.exists() && requested.isReadable()) {
				return requested;
			}
			if (resourcePath.substring(resourcePath.lastIndexOf('/') + 1).contains(".")) {
				return null;
			}
			Resource index = new ClassPathResource("static/index.html");
			return index.exists() ? index : null;
		}
	}
}
