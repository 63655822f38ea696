namespace Switchboard.Server.Webhooks;

/// <summary>The events Switchboard sends, with Codat's names.</summary>
public static class WebhookEventTypes
{
    public const string CompanyCreated = "company.created";
    public const string CompanyDeleted = "company.deleted";
    public const string ConnectionCreated = "connection.created";
    public const string ConnectionConnected = "connection.connected";
    public const string ConnectionReconnected = "connection.reconnected";
    public const string ConnectionDisconnected = "connection.disconnected";
    public const string ConnectionFailed = "connection.failed";
    public const string ConnectionDeleted = "connection.deleted";

    public static readonly IReadOnlyList<string> All =
    [
        CompanyCreated, CompanyDeleted, ConnectionCreated, ConnectionConnected, ConnectionReconnected,
        ConnectionDisconnected, ConnectionFailed, ConnectionDeleted,
    ];
}
