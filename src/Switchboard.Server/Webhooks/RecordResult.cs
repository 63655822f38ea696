namespace Switchboard.Server.Webhooks;

/// <summary>What recording an attempt did (<see cref="WebhookStore.RecordAttemptAsync"/>).</summary>
internal enum RecordResult
{
    /// <summary>The claim had been lost (its lease ran out and another node took the delivery): nothing was written.</summary>
    Lost,

    /// <summary>The attempt is recorded.</summary>
    Recorded,

    /// <summary>The attempt is recorded, and the queue's next delivery is claimed under the chain's token.</summary>
    Chained,
}
