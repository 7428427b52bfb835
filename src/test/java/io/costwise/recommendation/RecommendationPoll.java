package io.costwise.recommendation;

import org.springframework.context.ApplicationContext;

/**
 * The recommendation poll, for tests of other modules that run it when they choose to (the tests'
 * background poll waits an hour, so that none races them).
 */
public final class RecommendationPoll {

	private final RecommendationScheduling scheduling;

	public RecommendationPoll(ApplicationContext context) {
		this.scheduling = context.getBean(RecommendationScheduling.class);
	}

	/** Runs the workloads whose debounce has passed, or that were asked to run soon. */
	public void runDue() {
		scheduling.runDue();
	}
}
