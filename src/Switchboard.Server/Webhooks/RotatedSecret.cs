namespace Switchboard.Server.Webhooks;

/// <summary>The answer of a secret rotation: the new secret (shown once), and until when the previous one still signs.</summary>
public sealed record RotatedSecret(string Secret, DateTime PreviousSecretExpiresAt);
