package io.costwise.identity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.costwise.InvalidFieldsException;
import io.costwise.InvalidFieldsException.FieldProblem;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks passwords with Spring Security's delegating encoder (bcrypt today, upgradable
 * without invalidating stored hashes).
 */
@Component
class Passwords {

	static final int MIN_LENGTH = 12;

	/** bcrypt reads at most 72 bytes; longer input would be silently truncated. */
	static final int MAX_BYTES = 72;

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	/** A hash to check against when no account exists, so that timing does not reveal which addresses have one. */
	private final String decoy = encoder.encode("decoy-password-for-unknown-accounts");

	String hash(String pointer, String password) {
		List<FieldProblem> problems = problems(pointer, password);
		if (!problems.isEmpty()) {
			throw new InvalidFieldsException(problems);
		}
		return encoder.encode(password);
	}

	boolean matches(String password, String hash) {
		return password != null && encoder.matches(password, hash);
	}

	void matchDecoy(String password) {
		encoder.matches(password == null ? "" : password, decoy);
	}

	static List<FieldProblem> problems(String pointer, String password) {
		List<FieldProblem> problems = new ArrayList<>();
		if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
			problems.add(FieldProblem.body(pointer, "must be at least " + MIN_LENGTH + " characters long"));
		}
		else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			problems.add(FieldProblem.body(pointer, "must be at most " + MAX_BYTES + " bytes long in UTF-8"));
		}
		return problems;
	}
}
