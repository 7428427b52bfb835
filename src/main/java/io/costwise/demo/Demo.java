package io.costwise.demo;

import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Whether this installation has a demo organisation to offer on its sign-in page, and how to sign in
 * to it. Only an installation that created (or resumed) the demo offers it: where the database was in
 * use without it, the credentials would not work.
 */
@Service
public class Demo {

	private enum State {
		ABSENT, PREPARING, READY
	}

	private final DemoProperties properties;

	private volatile State state = State.ABSENT;

	Demo(DemoProperties properties) {
		this.properties = properties;
	}

	/** @return empty where no demo organisation is offered */
	public Optional<DemoSignIn> signIn() {
		State current = state;
		if (current == State.ABSENT) {
			return Optional.empty();
		}
		return Optional.of(new DemoSignIn(properties.email(), properties.password(), current == State.READY));
	}

	void preparing() {
		state = State.PREPARING;
	}

	void ready() {
		state = State.READY;
	}
}
