namespace Switchboard.Client;

/// <summary>
/// Exponential backoff settings: the n-th retry (counting from 0) waits about
/// <c>InitialInterval × Exponent^n</c>, at most <see cref="MaxInterval"/>, varied by
/// ±<see cref="Jitter"/> so that many clients do not retry in step.
/// </summary>
public sealed record BackoffStrategy
{
    /// <summary>The wait before the first retry. Default 500 ms.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two tries, also the cap on <c>Retry-After</c>. Default 60 s.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The factor each wait grows by. Default 1.5.</summary>
    public double Exponent { get; init; } = 1.5;

    /// <summary>
    /// The time after which no retry is started, counted from the first try. Default 1 hour.
    /// </summary>
    public TimeSpan MaxElapsedTime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The fraction by which each wait is randomly varied, from 0 (none) to 1. Default 0.2,
    /// so a wait of 1 s becomes a wait between 0.8 s and 1.2 s.
    /// </summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Throws if a setting is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialInterval, TimeSpan.Zero, nameof(InitialInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInterval, TimeSpan.Zero, nameof(MaxInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxElapsedTime, TimeSpan.Zero, nameof(MaxElapsedTime));
        if (!(Exponent >= 1) || double.IsInfinity(Exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(Exponent), Exponent, "The exponent must be a finite number of at least 1.");
        }

        if (!(Jitter is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "The jitter must be between 0 and 1.");
        }
    }
}
