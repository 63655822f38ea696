namespace Switchboard.Server.ApiKeys;

/// <summary>The wire shape of an API key (OpenAPI <c>ApiKeyDetails</c>); <see cref="ApiKey"/> only in the create response.</summary>
public sealed record ApiKeyDetails(Guid Id, string? Name, string? ApiKey, DateTime CreatedDate);

/// <summary>The list of a tenant's API keys (OpenAPI <c>ApiKeys</c>).</summary>
public sealed record ApiKeyList(IReadOnlyList<ApiKeyDetails> Results);

/// <summary>Body of <c>POST /apiKeys</c>.</summary>
public sealed record CreateApiKeyBody(string? Name = null);
