package io.costwise.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The shipped catalog: GPU models, instance types with their public prices and reference unit
 * prices, read once at start-up from the versioned files under {@code pricing/} (each row names its
 * source and as-of date). Immutable, so it is shared freely.
 */
@Component
public class Catalog {

	private static final List<String> PRECISIONS = List.of("FP32", "TF32", "FP16", "BF16", "FP8", "INT8", "INT4");

	private final Map<String, GpuModel> gpuModels = new LinkedHashMap<>();

	private final Map<String, GpuModel> gpuModelsByName = new HashMap<>();

	private final Map<String, InstanceType> instanceTypes = new LinkedHashMap<>();

	private final Map<String, ReferencePrice> referencePrices = new HashMap<>();

	Catalog() {
		this("pricing");
	}

	private Catalog(String directory) {
		read(directory + "/gpu-models.csv", this::gpuModel).forEach(this::add);
		read(directory + "/instance-types.csv", this::instanceType)
			.forEach(type -> instanceTypes.put(instanceKey(type.provider(), type.region(), type.name()), type));
		read(directory + "/reference-prices.csv", Catalog::referencePrice).stream().filter(Objects::nonNull).forEach(
				price -> referencePrices.put(referenceKey(price.provider(), price.resource(), price.gpuModel()), price));
	}

	/** A catalog in the shipped layout from another classpath directory, such as a test's. */
	public static Catalog read(String classpathDirectory) {
		return new Catalog(classpathDirectory);
	}

	public Collection<GpuModel> gpuModels() {
		return gpuModels.values();
	}

	/** Finds a GPU model by its catalog name or any name it appears under, ignoring case and punctuation. */
	public Optional<GpuModel> gpuModel(String name) {
		return name == null ? Optional.empty() : Optional.ofNullable(gpuModelsByName.get(normalized(name)));
	}

	public Optional<InstanceType> instanceType(String provider, String region, String name) {
		if (provider == null || region == null || name == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(instanceTypes.get(instanceKey(provider, region, name)));
	}

	/**
	 * @param provider, region, gpuModel each {@code null} for any
	 */
	public List<InstanceType> instanceTypes(String provider, String region, String gpuModel) {
		String model = gpuModel == null ? null : gpuModel(gpuModel).map(GpuModel::model).orElse("\0");
		return instanceTypes.values()
			.stream()
			.filter(type -> provider == null || type.provider().equalsIgnoreCase(provider))
			.filter(type -> region == null || type.region().equalsIgnoreCase(region))
			.filter(type -> model == null || model.equals(type.gpuModel()))
			.sorted(Comparator.comparing(InstanceType::provider)
				.thenComparing(InstanceType::region)
				.thenComparing(InstanceType::onDemandHourlyUsd)
				.thenComparing(InstanceType::name))
			.toList();
	}

	/**
	 * The provider's reference price for a resource; for GPUs per model. Falls back to the on-premises
	 * reference, which the catalog sets to the cheapest cloud's.
	 */
	public Optional<ReferencePrice> referencePrice(String provider, Resource resource, String gpuModel) {
		String model = resource == Resource.GPU ? gpuModel : null;
		ReferencePrice own = referencePrices.get(referenceKey(provider == null ? "onprem" : provider, resource, model));
		return Optional.ofNullable(own != null ? own : referencePrices.get(referenceKey("onprem", resource, model)));
	}

	public Collection<ReferencePrice> referencePrices() {
		return referencePrices.values();
	}

	private void add(GpuModel model) {
		gpuModels.put(model.model(), model);
		gpuModelsByName.put(normalized(model.model()), model);
		model.aliases().forEach(alias -> gpuModelsByName.putIfAbsent(normalized(alias), model));
	}

	private GpuModel gpuModel(Map<String, String> row) {
		Map<String, Double> peaks = new LinkedHashMap<>();
		for (String precision : PRECISIONS) {
			String column = precision.toLowerCase(Locale.ROOT) + (precision.startsWith("INT") ? "_tops" : "_tflops");
			Double peak = decimal(row.get(column));
			if (peak != null) {
				peaks.put(precision, peak);
			}
		}
		List<String> aliases = row.get("aliases").isBlank() ? List.of()
				: Arrays.stream(row.get("aliases").split("\\|")).map(String::strip).toList();
		return new GpuModel(row.get("model"), row.get("vendor"), row.get("architecture"),
				Double.parseDouble(row.get("memory_gib")), decimal(row.get("memory_bandwidth_gbps")), Map.copyOf(peaks),
				aliases, row.get("source"));
	}

	private InstanceType instanceType(Map<String, String> row) {
		String gpu = row.get("gpu_model");
		String gpuModel = gpu.isBlank() ? null
				: gpuModel(gpu).orElseThrow(() -> new IllegalStateException("unknown GPU model " + gpu)).model();
		String spot = row.get("spot_hourly_usd");
		return new InstanceType(row.get("provider"), row.get("instance_type"), row.get("region"),
				Double.parseDouble(row.get("vcpus")), Double.parseDouble(row.get("memory_gib")), gpuModel,
				gpuModel == null ? 0 : Double.parseDouble(row.get("gpu_count")),
				new BigDecimal(row.get("on_demand_hourly_usd")), spot.isBlank() ? null : new BigDecimal(spot),
				row.get("source"), LocalDate.parse(row.get("as_of")));
	}

	/** A row without a price (no public source found) is no reference: the on-premises one applies. */
	private static ReferencePrice referencePrice(Map<String, String> row) {
		if (row.get("price_usd").isBlank()) {
			return null;
		}
		String gpuModel = row.get("gpu_model");
		return new ReferencePrice(row.get("provider"), Resource.valueOf(row.get("resource").toUpperCase(Locale.ROOT)),
				gpuModel.isBlank() ? null : gpuModel, new BigDecimal(row.get("price_usd")), row.get("source"),
				LocalDate.parse(row.get("as_of")));
	}

	private static Double decimal(String value) {
		return value == null || value.isBlank() ? null : Double.valueOf(value);
	}

	static String normalized(String name) {
		String plain = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		return plain.replaceFirst("^(nvidia|tesla)+", "");
	}

	private static String instanceKey(String provider, String region, String name) {
		return (provider + "/" + region + "/" + name).toLowerCase(Locale.ROOT);
	}

	private static String referenceKey(String provider, Resource resource, String gpuModel) {
		return provider.toLowerCase(Locale.ROOT) + "/" + resource + "/" + (gpuModel == null ? "" : gpuModel);
	}

	private static <T> List<T> read(String path, Function<Map<String, String>, T> mapper) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8))) {
			List<String> header = fields(reader.readLine());
			List<T> rows = new ArrayList<>();
			int number = 1;
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				try {
					rows.add(mapper.apply(row(path, number, header, fields(line))));
				}
				catch (RuntimeException ex) {
					throw new IllegalStateException(path + " line " + number + " is invalid: " + ex, ex);
				}
			}
			return rows;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the price catalog " + path, ex);
		}
	}

	private static Map<String, String> row(String path, int number, List<String> header, List<String> fields) {
		if (fields.size() != header.size()) {
			throw new IllegalStateException(path + " line " + number + ": " + fields.size() + " fields, expected "
					+ header.size());
		}
		Map<String, String> row = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			row.put(header.get(i), fields.get(i).strip());
		}
		return row;
	}

	/** One CSV line; fields may be quoted, with "" for a quote inside. */
	private static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
				field.append('"');
				i++;
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}
}
