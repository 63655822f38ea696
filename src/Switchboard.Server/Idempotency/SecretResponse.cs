namespace Switchboard.Server.Idempotency;

/// <summary>
/// Endpoint metadata: a successful answer carries a secret shown only once (a new API key, a webhook secret), so
/// idempotency never stores it. A repeat gets a 409 naming the <see cref="Resource"/> created (with the id from the
/// answer's Location) instead of the answer.
/// </summary>
internal sealed class SecretResponse(string resource)
{
    /// <summary>What the endpoint creates, as a repeat's message names it ("API key").</summary>
    public string Resource { get; } = resource;
}
