namespace Switchboard.Server.Idempotency;

/// <summary>
/// A POST or PATCH made with an <c>Idempotency-Key</c>: claimed while it runs, then holding the response to replay.
/// Stored in the database, so a retry reaching another node, or this one after a restart, still finds it.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid TenantId { get; set; }
    public Guid IdempotencyKey { get; set; }
    public required string RequestHash { get; set; }
    public bool Completed { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? EntityTag { get; set; }
    public byte[]? ResponseBody { get; set; }
    public DateTime Created { get; set; }
}
