namespace Switchboard.Client;

/// <summary>
/// Settings for one call, overriding the client's defaults.
/// </summary>
public sealed class RequestOptions
{
    /// <summary>
    /// The time limit of each try of this call, or <see langword="null"/> to use
    /// <see cref="SwitchboardClientOptions.Timeout"/>. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> means no limit.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Extra headers to send with this call. A header named here replaces one the client would send.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The <c>Idempotency-Key</c> to send with a POST or PATCH, for example one kept from an earlier
    /// attempt of the same logical operation. When <see langword="null"/>, the client makes a new one
    /// (unless <see cref="SwitchboardClientOptions.SendIdempotencyKeys"/> is off). Ignored for other methods.
    /// </summary>
    public string? IdempotencyKey { get; set; }
}
