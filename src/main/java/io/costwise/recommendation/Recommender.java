package io.costwise.recommendation;

import java.util.List;

/** One kind of advice: what it proposes for a workload, given the evidence. */
interface Recommender {

	List<Candidate> recommend(WorkloadEvidence evidence);
}
