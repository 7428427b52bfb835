package io.costwise.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.costwise.demo.DemoWorkload.Always;
import io.costwise.demo.DemoWorkload.Daily;
import io.costwise.demo.DemoWorkload.Job;
import io.costwise.demo.DemoWorkload.Phase;
import io.costwise.demo.DemoWorkload.Placement;
import io.costwise.demo.DemoWorkload.Run;
import io.costwise.demo.DemoWorkload.Schedule;
import io.costwise.demo.DemoWorkload.Serving;
import io.costwise.demo.DemoWorkload.Traffic;
import io.costwise.demo.DemoWorkload.Training;
import io.costwise.pricing.Catalog;
import io.costwise.pricing.GpuModel;
import io.costwise.pricing.InstanceType;
import io.costwise.telemetry.WorkloadKind;
import org.springframework.stereotype.Component;

/**
 * The demo organisation's workloads: an ML platform's month or two, with the stories a cost tool
 * should find in it. Training runs on A100s and H100s in FP32 and BF16 that raise their batch size as
 * they go; inference fleets on T4, L4 and A10G with daily load curves, one of them with a node that
 * cannot keep up; a GPU that idles in staging; a fine-tune that keeps running out of memory; spot and
 * on-demand capacity; nightly and weekly batch jobs; one on-premises service. Instance shapes come from
 * the shipped catalog, so every name here must exist there.
 */
@Component
class DemoFleet {

	private static final String FP32 = "FP32";

	private static final String BF16 = "BF16";

	private static final String FP16 = "FP16";

	private static final String INT8 = "INT8";

	private final Catalog catalog;

	DemoFleet(Catalog catalog) {
		this.catalog = catalog;
	}

	List<DemoWorkload> workloads() {
		List<DemoWorkload> fleet = new ArrayList<>();
		fleet.addAll(services());
		fleet.addAll(trainingRuns());
		fleet.addAll(batchJobs());
		return List.copyOf(fleet);
	}

	private List<DemoWorkload> services() {
		return List.of(
				// The ranking service: round robin over four T4 nodes, the fourth of which is slower (an older
				// driver after a failed upgrade) and queues at peak; larger dynamic batches from 60 % on.
				service("search-ranker-api", labels("search", "web-search", "bert-base"),
						cloud("aws", "us-east-1", "g4dn.2xlarge", "ON_DEMAND"),
						new Serving(Traffic.US_CONSUMER, 140, 260, List.of(1.0, 1.0, 1.0, 0.55), null,
								List.of(new Phase(0, 16, FP16), new Phase(0.6, 32, FP16)), 18, "requests", 1, 6, 1.6,
								0.09, 0))
					.withSlo(60),
				// An LLM chat service on L4s; KV cache for 24 sequences nearly fills the GPU.
				service("chat-assistant-api", labels("research", "chat-assistant", "llama-3-8b"),
						cloud("aws", "us-east-1", "g6.xlarge", "ON_DEMAND"),
						new Serving(Traffic.US_CONSUMER, 2.4, 4.5, List.of(1.0, 0.7, 1.0), null,
								List.of(new Phase(0, 16, BF16), new Phase(0.5, 24, BF16)), 950, "tokens", 320, 2, 16.5,
								0.22, 0))
					.withSlo(2500),
				// Sticky sessions send the first node twice the traffic of the others.
				service("embeddings-api", labels("platform", "semantic-search", "e5-large"),
						cloud("gcp", "us-central1", "g2-standard-8", "ON_DEMAND"),
						new Serving(Traffic.US_BUSINESS, 170, 420, List.of(1.0, 1.0, 1.0), List.of(1.6, 0.7, 0.7),
								List.of(new Phase(0, 32, FP16)), 9, "requests", 1, 8, 1.3, 0.04, 0))
					.withSlo(40),
				// Two A10G nodes for a load one could carry: a consolidation candidate.
				service("image-tagger-api", labels("vision", "catalog-enrichment", "efficientnet-b4"),
						cloud("aws", "us-west-2", "g5.xlarge", "ON_DEMAND"),
						new Serving(Traffic.US_CONSUMER, 30, 120, List.of(1.0, 1.0), null,
								List.of(new Phase(0, 8, FP16)), 45, "images", 1, 1, 2.2, 0.35, 0))
					.withSlo(150),
				// Ad click-through prediction at high request rates; the third node is a noisy neighbour's.
				service("ads-ctr-serving", labels("ads", "ctr-model", "dlrm"),
						cloud("aws", "us-east-1", "g5.2xlarge", "ON_DEMAND"),
						new Serving(Traffic.US_CONSUMER, 850, 1500, List.of(1.0, 1.0, 0.6, 1.0), null,
								List.of(new Phase(0, 256, FP16), new Phase(0.5, 512, FP16)), 6, "requests", 1, 0.5, 6,
								0.006, 0))
					.withSlo(25),
				service("speech-to-text-api", labels("speech", "transcription", "whisper-medium"),
						cloud("azure", "eastus", "Standard_NC4as_T4_v3", "ON_DEMAND"),
						new Serving(Traffic.US_BUSINESS, 2.2, 5, List.of(1.0, 1.0), null,
								List.of(new Phase(0, 4, FP16)), 1400, "audio-seconds", 45, 4, 3.2, 1.1, 0))
					.withSlo(4000),
				service("moderation-classifier", labels("trust-safety", "moderation", "roberta-base"),
						cloud("gcp", "us-east1", "n1-standard-8+T4x1", "ON_DEMAND"),
						new Serving(Traffic.US_CONSUMER, 210, 520, List.of(1.0, 1.0), null,
								List.of(new Phase(0, 32, INT8)), 11, "requests", 1, 0.3, 0.9, 0.03, 0))
					.withSlo(50),
				// Runs on spot: a retry or two is fine for translations.
				service("translation-api", labels("localization", "translation", "nllb-1.3b"),
						cloud("aws", "us-west-2", "g6.xlarge", "SPOT"),
						new Serving(Traffic.US_BUSINESS, 5, 11, List.of(1.0, 1.0), null,
								List.of(new Phase(0, 16, BF16)), 380, "tokens", 140, 1.5, 5.5, 0.3, 0))
					.withSlo(1200)
					.markedInterruptible(),
				// European users' data stays in Europe.
				service("recsys-candidate-gen", labels("recsys", "home-feed", "two-tower"),
						cloud("aws", "eu-west-1", "g4dn.xlarge", "ON_DEMAND"),
						new Serving(Traffic.EU_CONSUMER, 280, 560, List.of(1.0, 1.0, 1.0), null,
								List.of(new Phase(0, 64, FP16)), 8, "requests", 1, 3, 2.8, 0.03, 0))
					.withSlo(35)
					.allowedIn("eu-west-1", "europe-west4"),
				service("invoice-ocr-api", labels("finance-ops", "invoice-automation", "donut-base"),
						cloud("aws", "eu-west-1", "g5.xlarge", "ON_DEMAND"),
						new Serving(Traffic.EU_BUSINESS, 3.5, 14, List.of(1.0), null, List.of(new Phase(0, 4, FP16)),
								260, "pages", 1, 12, 4.1, 0.9, 0))
					.withSlo(800)
					.allowedIn("eu-west-1", "europe-west4"),
				// Forgotten in staging: the model stays loaded, the GPU idles, the bill runs.
				service("summarizer-staging", withEnvironment(labels("nlp", "summaries", "flan-t5-xl"), "staging"),
						cloud("aws", "us-east-1", "g5.2xlarge", "ON_DEMAND"),
						new Serving(Traffic.US_BUSINESS, 0.03, 6, List.of(1.0), null, List.of(new Phase(0, 8, BF16)),
								1800, "tokens", 180, 1, 9.5, 0.25, 0.02))
					.withSlo(3000),
				// Quality control on the factory floor, on the plant's own GPUs.
				service("factory-defect-detector", labels("manufacturing", "quality-control", "yolov8-m"),
						onPremises("munich-plant", "L4", 2, 32, 128),
						new Serving(Traffic.FACTORY, 38, 95, List.of(1.0, 1.0), null, List.of(new Phase(0, 16, INT8)),
								24, "images", 1, 0.2, 2.4, 0.12, 0))
					.withSlo(100),
				service("rag-reranker-api", labels("platform", "semantic-search", "bge-reranker-large"),
						cloud("gcp", "us-east1", "g2-standard-4", "ON_DEMAND"),
						new Serving(Traffic.US_BUSINESS, 60, 150, List.of(1.0, 1.0), null,
								List.of(new Phase(0, 16, FP16)), 35, "requests", 1, 2, 1.2, 0.1, 0))
					.withSlo(120));
	}

	private List<DemoWorkload> trainingRuns() {
		return List.of(
				training("llama3-8b-sft", labels("research", "chat-assistant", "llama-3-8b"),
						cloud("aws", "us-east-1", "p4d.24xlarge", "ON_DEMAND"), 2, new Run(0.05, 0.22),
						new Training(List.of(new Phase(0, 8, BF16), new Phase(0.3, 16, BF16), new Phase(0.65, 24, BF16)),
								0.8, 1.31, 2048, "tokens", 14, 0.55, 2000)),
				training("mistral-7b-pretrain", labels("nlp", "foundation-model", "mistral-7b"),
						cloud("aws", "us-east-1", "p5.48xlarge", "ON_DEMAND"), 2, new Run(0.56, 0.78),
						new Training(List.of(new Phase(0, 16, BF16), new Phase(0.35, 24, BF16), new Phase(0.7, 32, BF16)),
								1.0, 0.9, 4096, "tokens", 22, 1.6, 8000)),
				// FP32 on A100s: the precision recommender's classic.
				training("resnet50-imagenet", labels("vision", "product-search", "resnet-50"),
						cloud("aws", "us-west-2", "p4d.24xlarge", "SPOT"), 1, new Run(0.30, 0.40),
						new Training(List.of(new Phase(0, 128, FP32), new Phase(0.4, 192, FP32), new Phase(0.75, 256, FP32)),
								0.06, 0.0022, 1, "images", 2.5, 0.0525, 1500))
					.markedInterruptible(),
				training("vit-large-finetune", labels("vision", "defect-detection", "vit-large"),
						cloud("gcp", "us-central1", "a2-highgpu-8g", "ON_DEMAND"), 1, new Run(0.14, 0.27),
						new Training(List.of(new Phase(0, 32, FP32), new Phase(0.5, 48, FP32)), 0.04, 0.0078, 1, "images",
								3, 0.22, 800))
					.markedInterruptible(),
				training("bert-large-ranker-train", labels("search", "web-search", "bert-large"),
						cloud("gcp", "us-central1", "a2-ultragpu-8g", "ON_DEMAND"), 1, new Run(0.62, 0.76),
						new Training(List.of(new Phase(0, 64, BF16), new Phase(0.4, 128, BF16), new Phase(0.8, 192, BF16)),
								0.05, 0.0069, 1, "samples", 6, 0.28, 600)),
				// FP32 on H100s, the most expensive way to fine-tune Whisper.
				training("whisper-medium-finetune", labels("speech", "transcription", "whisper-medium"),
						cloud("gcp", "us-central1", "a3-highgpu-8g", "ON_DEMAND"), 1, new Run(0.40, 0.50),
						new Training(List.of(new Phase(0, 16, FP32), new Phase(0.5, 24, FP32), new Phase(0.8, 32, FP32)),
								0.1, 0.022, 30, "audio-seconds", 5, 0.9, 1200)),
				training("dlrm-ctr-train", labels("ads", "ctr-model", "dlrm"),
						cloud("aws", "us-east-1", "p4de.24xlarge", "ON_DEMAND"), 1, new Run(0.82, 0.97),
						new Training(
								List.of(new Phase(0, 2048, FP32), new Phase(0.35, 4096, FP32), new Phase(0.7, 8192, FP32)),
								0.004, 0.000004, 1, "samples", 18, 0.0018, 3000)),
				// Batch 8 leaves no GPU memory to spare: out-of-memory restarts most days.
				training("sdxl-lora-finetune", labels("creative", "image-generation", "sdxl-1.0"),
						cloud("aws", "us-east-1", "p4d.24xlarge", "SPOT"), 1, new Run(0.70, 0.80),
						new Training(List.of(new Phase(0, 4, BF16), new Phase(0.25, 8, BF16)), 0.5, 1.61, 1, "images", 22,
								2.15, 400))
					.markedInterruptible(),
				training("llama3-70b-lora", labels("research", "chat-assistant", "llama-3-70b"),
						cloud("azure", "eastus", "Standard_ND96isr_H100_v5", "ON_DEMAND"), 2, new Run(0.86, 0.97),
						new Training(List.of(new Phase(0, 2, BF16), new Phase(0.4, 4, BF16)), 1.6, 3.68, 4096, "tokens", 48,
								5, 4000)),
				// Switched from FP32 to BF16 halfway, then doubled the batch into the memory it freed.
				training("gpt2-distillation", labels("research", "distillation", "gpt2-medium"),
						cloud("gcp", "us-central1", "a2-highgpu-1g", "ON_DEMAND"), 1, new Run(0.20, 0.36),
						new Training(List.of(new Phase(0, 32, FP32), new Phase(0.5, 32, BF16), new Phase(0.75, 64, BF16)),
								0.25, 0.075, 1024, "tokens", 4, 0.38, 300)),
				training("clip-retrain", labels("media", "video-understanding", "clip-vit-b32"),
						cloud("aws", "us-east-1", "p4d.24xlarge", "SPOT"), 2, new Run(0.45, 0.55),
						new Training(List.of(new Phase(0, 256, BF16), new Phase(0.5, 512, BF16)), 0.03, 0.0023, 1, "pairs", 4,
								0.05, 1000))
					.markedInterruptible());
	}

	private List<DemoWorkload> batchJobs() {
		return List.of(
				job("nightly-ctr-retrain", labels("ads", "ctr-model", "xgboost"),
						cloud("aws", "us-east-1", "g5.2xlarge", "SPOT"), 1, new Daily(2, 2, 1),
						new Job(4096, FP32, 0.62, 0.55, 180_000, "rows", 14, 200))
					.markedInterruptible(),
				job("nightly-embeddings-backfill", labels("platform", "semantic-search", "e5-large"),
						cloud("gcp", "us-central1", "g2-standard-48", "SPOT"), 1, new Daily(1, 3, 1),
						new Job(128, FP16, 0.88, 0.35, 2400, "documents", 7.5, 500))
					.markedInterruptible(),
				// An evaluation harness that keeps a whole H100 node a quarter busy every Sunday.
				job("weekly-eval-suite", labels("research", "evals", "llama-3-8b"),
						cloud("aws", "us-east-1", "p5.48xlarge", "ON_DEMAND"), 1, new Daily(6, 4, 7),
						new Job(16, BF16, 0.26, 0.4, 95, "prompts", 24, 500)),
				job("video-feature-extract", labels("media", "video-understanding", "clip-vit-b32"),
						cloud("aws", "us-east-1", "g4dn.12xlarge", "SPOT"), 1, new Daily(18, 6, 1),
						new Job(64, FP16, 0.74, 0.6, 1900, "frames", 9.5, 2000))
					.markedInterruptible(),
				job("feature-store-etl", labels("data-platform", "feature-store", null),
						cloud("aws", "us-east-1", "c6i.4xlarge", "ON_DEMAND"), 2, new Daily(0, 1, 1),
						new Job(null, null, 0, 0.72, 52_000, "rows", 0, 500)),
				// Tokenizes the pre-training corpus just before the pre-training run starts.
				job("dataset-tokenize", labels("nlp", "foundation-model", "mistral-7b"),
						cloud("aws", "us-east-1", "m5.4xlarge", "SPOT"), 4, new Run(0.50, 0.555),
						new Job(null, null, 0, 0.85, 1_200_000, "tokens", 0, 1000))
					.markedInterruptible());
	}

	private static DemoWorkload service(String key, Map<String, String> labels, Placement placement, Serving serving) {
		return new DemoWorkload(key, WorkloadKind.INFERENCE, labels, placement, serving.speed().size(), new Always(),
				serving, null, false, List.of());
	}

	private static DemoWorkload training(String key, Map<String, String> labels, Placement placement, int nodes, Run run,
			Training training) {
		return new DemoWorkload(key, WorkloadKind.TRAINING, labels, placement, nodes, run, training, null, false,
				List.of());
	}

	private static DemoWorkload job(String key, Map<String, String> labels, Placement placement, int nodes,
			Schedule schedule, Job job) {
		return new DemoWorkload(key, WorkloadKind.BATCH, labels, placement, nodes, schedule, job, null, false, List.of());
	}

	/** @param model {@code null} for work without a model */
	private static Map<String, String> labels(String team, String project, String model) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("team", team);
		labels.put("project", project);
		if (model != null) {
			labels.put("model", model);
		}
		return Collections.unmodifiableMap(labels);
	}

	private static Map<String, String> withEnvironment(Map<String, String> labels, String environment) {
		Map<String, String> more = new LinkedHashMap<>(labels);
		more.put("env", environment);
		return Collections.unmodifiableMap(more);
	}

	private Placement cloud(String provider, String region, String instanceType, String purchaseOption) {
		InstanceType type = catalog.instanceType(provider, region, instanceType)
			.orElseThrow(() -> new IllegalStateException(
					"The demo runs " + instanceType + " in " + provider + " " + region + ", which the catalog lacks"));
		if ("SPOT".equals(purchaseOption) && type.spotHourlyUsd() == null) {
			throw new IllegalStateException("The catalog has no spot price for " + instanceType + " in " + region);
		}
		return new Placement(provider, region, instanceType, purchaseOption, type.gpuModel(), type.gpuCount(),
				type.vcpus(), type.memoryGiB(), type.gpuModel() == null ? 0 : gpuMemory(type.gpuModel()));
	}

	private Placement onPremises(String site, String gpuModel, double gpuCount, double vcpus, double memoryGiB) {
		return new Placement("onprem", site, null, null, gpuModel, gpuCount, vcpus, memoryGiB, gpuMemory(gpuModel));
	}

	private double gpuMemory(String gpuModel) {
		return catalog.gpuModel(gpuModel)
			.map(GpuModel::memoryGiB)
			.orElseThrow(() -> new IllegalStateException("The demo uses " + gpuModel + ", which the catalog lacks"));
	}
}
