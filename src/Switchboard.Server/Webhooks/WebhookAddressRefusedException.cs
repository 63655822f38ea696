namespace Switchboard.Server.Webhooks;

/// <summary>A consumer's host resolved to an address webhooks may not reach.</summary>
internal sealed class WebhookAddressRefusedException(string message) : Exception(message);
