package io.costwise.recommendation;

/** What a recommendation changes. Types in the same group are alternatives; groups combine. */
public enum RecommendationType {

	BATCH_SIZE(Group.THROUGHPUT), BATCH_SIZE_SWEEP(Group.THROUGHPUT), PRECISION(Group.THROUGHPUT),
	PRECISION_AND_BATCH_SIZE(Group.THROUGHPUT), MEMORY_SAFETY(Group.RELIABILITY), GPU_TYPE(Group.PLACEMENT),
	SPOT(Group.PLACEMENT), REGION(Group.PLACEMENT), IDLE_GPU(Group.IDLE), CONSOLIDATION(Group.FLEET),
	LOAD_BALANCING(Group.FLEET);

	enum Group {

		THROUGHPUT, RELIABILITY, PLACEMENT, FLEET, IDLE

	}

	private final Group group;

	RecommendationType(Group group) {
		this.group = group;
	}

	Group group() {
		return group;
	}
}
