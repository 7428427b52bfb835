/**
 * GPU models and their specifications, instance types, prices per provider, region and purchase
 * option, and each tenant's negotiated overrides.
 */
@ApplicationModule(allowedDependencies = "identity")
package io.costwise.pricing;

import org.springframework.modulith.ApplicationModule;
