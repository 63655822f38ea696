namespace Switchboard.Server.Configuration;

public sealed class IdempotencyOptions
{
    /// <summary>How long a key and its response are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(90);

    /// <summary>How long a repeat waits for the first request with its key to finish before answering 409.</summary>
    public TimeSpan WaitForRunning { get; set; } = TimeSpan.FromSeconds(10);
}
