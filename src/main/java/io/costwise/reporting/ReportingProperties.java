package io.costwise.reporting;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param baseUrl where the web UI is, for links in reports and the unsubscribe link
 * @param from the sender of reports
 * @param signingSecret signs unsubscribe links; set it in production (COSTWISE_REPORTING_SIGNING_SECRET),
 * identical on every instance
 * @param pollDelay how often due reports are looked for
 * @param maxAttempts sends tried before a delivery is marked FAILED
 * @param retryBackoff the first retry's delay; each further retry waits four times longer
 */
@ConfigurationProperties("costwise.reporting")
record ReportingProperties(@DefaultValue("http://localhost:8080") String baseUrl,
		@DefaultValue("Costwise <reports@costwise.local>") String from,
		@DefaultValue("local-development-only-change-me") String signingSecret, @DefaultValue("60s") Duration pollDelay,
		@DefaultValue("5") int maxAttempts, @DefaultValue("1m") Duration retryBackoff) {
}
