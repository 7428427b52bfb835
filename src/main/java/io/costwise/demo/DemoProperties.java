package io.costwise.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The demo organisation seeded on a fresh installation. {@code application.yaml} enables it for local
 * runs; the production profile disables it, and it is refused there even when enabled.
 *
 * @param enabled whether a fresh installation (no organisation yet) gets the demo organisation
 * @param email the demo owner's address, shown in the log and on the sign-in page
 * @param password the demo owner's password, shown in the log and on the sign-in page: it guards
 * nothing but sample data on a developer's machine
 * @param organisation the demo organisation's name
 * @param days how far back the demo telemetry goes; keep it within {@code costwise.telemetry.raw-retention}
 * @param windowMinutes the window of one sample; longer windows seed faster with fewer samples
 */
@ConfigurationProperties("costwise.demo")
record DemoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("demo@costwise.local") String email,
		@DefaultValue("costwise-demo") String password, @DefaultValue("Costwise Demo") String organisation,
		@DefaultValue("60") int days, @DefaultValue("10") int windowMinutes) {

	DemoProperties {
		if (enabled && (password == null || password.length() < 12)) {
			throw new IllegalArgumentException("costwise.demo.password must be at least 12 characters long, as every password");
		}
		if (days < 1 || days > 366) {
			throw new IllegalArgumentException("costwise.demo.days must be between 1 and 366");
		}
		if (windowMinutes < 1 || windowMinutes > 24 * 60) {
			throw new IllegalArgumentException("costwise.demo.window-minutes must be between 1 and 1440");
		}
	}
}
