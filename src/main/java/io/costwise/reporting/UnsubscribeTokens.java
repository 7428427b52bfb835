package io.costwise.reporting;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Signed unsubscribe links (HMAC-SHA256 over tenant, subscription and address): a recipient can
 * leave a report with one click, without signing in, and nobody can forge a link for someone else.
 */
@Component
class UnsubscribeTokens {

	private final byte[] secret;

	UnsubscribeTokens(ReportingProperties properties) {
		this.secret = properties.signingSecret().getBytes(StandardCharsets.UTF_8);
	}

	/** Who leaves which report. */
	record Unsubscribe(UUID tenantId, UUID subscriptionId, String email) {
	}

	String sign(Unsubscribe unsubscribe) {
		String payload = unsubscribe.tenantId() + "|" + unsubscribe.subscriptionId() + "|" + unsubscribe.email();
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		return base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + base64.encodeToString(mac(payload));
	}

	Optional<Unsubscribe> verify(String token) {
		try {
			String[] parts = token.split("\\.");
			String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
			if (parts.length != 2 || !MessageDigest.isEqual(mac(payload), Base64.getUrlDecoder().decode(parts[1]))) {
				return Optional.empty();
			}
			String[] fields = payload.split("\\|", 3);
			return Optional.of(new Unsubscribe(UUID.fromString(fields[0]), UUID.fromString(fields[1]), fields[2]));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private byte[] mac(String payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}
}
