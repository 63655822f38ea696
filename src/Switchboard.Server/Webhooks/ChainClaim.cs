namespace Switchboard.Server.Webhooks;

/// <summary>
/// A recording's claim on the next delivery of each queue it finishes a delivery of: the token the claims are made
/// under, the time they are judged due at and how long they last (<see cref="WebhookStore.RecordAttemptAsync"/>).
/// </summary>
internal sealed record ChainClaim(string Token, DateTime Now, DateTime LeaseUntil);
