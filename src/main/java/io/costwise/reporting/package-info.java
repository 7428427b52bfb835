/**
 * Report subscriptions, their scheduling, e-mail rendering and the delivery log.
 */
@ApplicationModule(allowedDependencies = { "identity", "costing", "recommendation" })
package io.costwise.reporting;

import org.springframework.modulith.ApplicationModule;
