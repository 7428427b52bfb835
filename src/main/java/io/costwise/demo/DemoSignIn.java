package io.costwise.demo;

/**
 * How to sign in to the demo organisation.
 *
 * @param ready whether its telemetry has been sent in full; before that the organisation is usable but
 * its history still fills up
 */
public record DemoSignIn(String email, String password, boolean ready) {
}
