package io.costwise.identity.web;

import java.util.UUID;

import io.costwise.CursorPage;
import io.costwise.identity.ApiKeyCreated;
import io.costwise.identity.ApiKeySummary;
import io.costwise.identity.ApiKeys;
import io.costwise.identity.Permission;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/api-keys")
@Permission.Admin
@Tag(name = "API keys", description = "Credentials for machines, sent as 'Authorization: Bearer <key>'")
class ApiKeyController {

	private final ApiKeys apiKeys;

	ApiKeyController(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@GetMapping
	@Operation(operationId = "listApiKeys", summary = "List the API keys, revoked ones included")
	CursorPage<ApiKeySummary> list(@RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
		return apiKeys.list(cursor, limit);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createApiKey", summary = "Create an API key", description = "The key is in this response only; it cannot be shown again.")
	ApiKeyCreated create(@Valid @RequestBody CreateApiKeyRequest body) {
		return apiKeys.create(body.name(), body.scopes());
	}

	@DeleteMapping("/{apiKeyId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "revokeApiKey", summary = "Revoke an API key for good")
	void revoke(@PathVariable UUID apiKeyId) {
		apiKeys.revoke(apiKeyId);
	}
}
