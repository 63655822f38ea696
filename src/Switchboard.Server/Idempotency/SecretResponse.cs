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

/// <summary>
/// Endpoint metadata: a POST whose answer is the current state of something and changes nothing a repeat could
/// duplicate (the <c>accessToken</c> extension: a repeat gets the token as it then is). Its <c>Idempotency-Key</c> is
/// accepted and passed through: holding the request in the middleware's transaction, as for a change, would on SQLite
/// hold the one write turn while it waits for a refresh that another worker needs that turn to record.
/// </summary>
internal sealed class SafeToRepeat;
