package io.costwise.costing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.costwise.pricing.GpuModel;
import io.costwise.pricing.InstanceType;
import io.costwise.pricing.PriceBook;
import io.costwise.pricing.PriceQuote;
import io.costwise.pricing.PriceQuote.UnitPrice;
import io.costwise.pricing.PricedConfiguration;
import io.costwise.pricing.Resource;
import io.costwise.telemetry.ConfigurationUsage;
import io.costwise.telemetry.ConfigurationUsage.ResourceUsage;

/**
 * The cost model of one day's usage in one configuration: usage {@code T_r} in each resource's
 * pricing unit, times the tenant's unit price {@code C_r} that day; utilization {@code u_r} from the
 * measured share (usage nobody measured counts as used, so idle cost is never claimed without
 * evidence). Network and storage are used as billed.
 */
final class CostModel {

	static final MathContext MONEY = MathContext.DECIMAL128;

	static final List<Resource> MACHINE = List.of(Resource.CPU, Resource.MEMORY, Resource.GPU);

	/** Hours in the average month, as cloud storage prices count them. */
	static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

	private CostModel() {
	}

	static CostRecord price(ConfigurationUsage usage, PriceBook prices) {
		PricedConfiguration configuration = new PricedConfiguration(usage.provider(), usage.region(),
				usage.instanceType(), usage.purchaseOption(), usage.gpuModel());
		PriceQuote quote = prices.quote(configuration, usage.day());
		InstanceType instance = quote.instanceType();
		Map<Resource, ResourceCost> costs = new EnumMap<>(Resource.class);
		double gpusPerNode = instance != null ? instance.gpuCount() : usage.gpuModel() != null ? 1 : 0;
		costs.put(Resource.GPU, machine(Resource.GPU, usage.gpu(), gpusPerNode, quote));
		costs.put(Resource.CPU, machine(Resource.CPU, usage.cpu(), instance == null ? 0 : instance.vcpus(), quote));
		costs.put(Resource.MEMORY,
				machine(Resource.MEMORY, usage.memory(), instance == null ? 0 : instance.memoryGiB(), quote));
		costs.put(Resource.NETWORK, used(Resource.NETWORK, BigDecimal.valueOf(usage.netEgressGiB()), quote));
		costs.put(Resource.STORAGE, used(Resource.STORAGE,
				BigDecimal.valueOf(usage.storageGiBHours()).divide(HOURS_PER_MONTH, MONEY), quote));
		String catalogGpuModel = prices.catalog().gpuModel(usage.gpuModel()).map(GpuModel::model).orElse(usage.gpuModel());
		return new CostRecord(usage.day(), usage.workloadId(), configuration, catalogGpuModel, quote.basis(),
				quote.listInstanceHourlyUsd(), quote.contractedInstanceHourlyUsd(), quote.discountPercent(),
				quote.overrideIds(), notes(quote, usage, instance), usage.nodeHours(), usage.workUnits(),
				usage.workUnit(), Map.copyOf(costs));
	}

	/**
	 * @param perNode what one node has of the resource, for samples that did not report it
	 */
	private static ResourceCost machine(Resource resource, ResourceUsage usage, double perNode, PriceQuote quote) {
		BigDecimal quantity = BigDecimal.valueOf(usage.quantityHours())
			.add(BigDecimal.valueOf(usage.unreportedNodeHours()).multiply(BigDecimal.valueOf(perNode), MONEY));
		UnitPrice price = quote.unitPrice(resource);
		BigDecimal cost = quantity.multiply(price.contractedUsd(), MONEY);
		double measured = usage.measuredShare();
		double utilization = measured * usage.measuredUtilization() + (1 - measured);
		return new ResourceCost(resource, quantity, price.listUsd(), price.contractedUsd(), cost,
				cost.multiply(BigDecimal.valueOf(utilization), MONEY), measured);
	}

	private static ResourceCost used(Resource resource, BigDecimal quantity, PriceQuote quote) {
		UnitPrice price = quote.unitPrice(resource);
		BigDecimal cost = quantity.multiply(price.contractedUsd(), MONEY);
		return new ResourceCost(resource, quantity, price.listUsd(), price.contractedUsd(), cost, cost, 1);
	}

	private static List<String> notes(PriceQuote quote, ConfigurationUsage usage, InstanceType instance) {
		if (instance != null || usage.gpuModel() == null || usage.gpu().unreportedNodeHours() == 0) {
			return quote.notes();
		}
		return java.util.stream.Stream
			.concat(quote.notes().stream(), java.util.stream.Stream.of("Samples without gpuCount are counted as one GPU per node."))
			.toList();
	}
}
