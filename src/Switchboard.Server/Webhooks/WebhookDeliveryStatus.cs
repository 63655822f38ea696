namespace Switchboard.Server.Webhooks;

/// <summary>Where a delivery is: waiting for its next attempt, delivered (a 2xx), or given up.</summary>
public enum WebhookDeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}
