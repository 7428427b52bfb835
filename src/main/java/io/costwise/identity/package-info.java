/**
 * Tenants, people and their roles, API keys, sign-in, the security configuration and the
 * current-tenant context every other module works in.
 */
@ApplicationModule(allowedDependencies = {})
package io.costwise.identity;

import org.springframework.modulith.ApplicationModule;
