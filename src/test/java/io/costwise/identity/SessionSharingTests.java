package io.costwise.identity;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import io.costwise.Callers;
import io.costwise.CostwiseApplication;
import io.costwise.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application on one database, as behind a load balancer: a person signed in
 * on one is signed in on the other, and signing out on one signs out on both.
 */
class SessionSharingTests {

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();

	@BeforeAll
	static void startTwoInstances() {
		first = start();
		second = start();
	}

	@AfterAll
	static void stopThem() {
		second.close();
		first.close();
	}

	@Test
	void aSessionStartedOnOneInstanceServesTheOther() throws Exception {
		String email = Callers.uniqueEmail("roaming");
		send(first, "GET", "/api/v1/me", null);
		var signedUp = send(first, "POST", "/api/v1/signup", """
				{"organisationName": "Roaming", "email": "%s", "password": "%s"}""".formatted(email, Callers.PASSWORD));

		var onTheOther = send(second, "GET", "/api/v1/me", null);

		assertThat(signedUp.statusCode()).isEqualTo(201);
		assertThat(onTheOther.statusCode()).isEqualTo(200);
		assertThat(onTheOther.body()).contains(email);
	}

	@Test
	void signingOutOnOneInstanceSignsOutOnBoth() throws Exception {
		send(first, "GET", "/api/v1/me", null);
		send(first, "POST", "/api/v1/signup", """
				{"organisationName": "Leaving", "email": "%s", "password": "%s"}""".formatted(Callers.uniqueEmail("leaving"),
				Callers.PASSWORD));

		assertThat(send(second, "DELETE", "/api/v1/session", null).statusCode()).isEqualTo(204);

		assertThat(send(first, "GET", "/api/v1/me", null).statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> send(ConfigurableApplicationContext instance, String method, String path, String json)
			throws Exception {
		int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
		URI uri = URI.create("http://localhost:" + port + path);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
			.header("Content-Type", "application/json");
		cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
			.map(HttpCookie::getValue)
			.findFirst()
			.ifPresent(token -> request.header("X-XSRF-TOKEN", token));
		return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static ConfigurableApplicationContext start() {
		Stream<String> arguments = Stream.concat(
				TestInfrastructure.properties().entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()),
				Stream.of("--server.port=0", "--spring.jmx.enabled=false"));
		return new SpringApplicationBuilder(CostwiseApplication.class).run(arguments.toArray(String[]::new));
	}
}
