using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>One request a <see cref="WebhookReceiver"/> got: its Standard Webhooks headers, all headers, the body, and when it arrived (UTC).</summary>
public sealed record ReceivedWebhook(HeaderDictionary Headers, string Body, DateTime Arrived)
{
    public string Id => Headers["webhook-id"].ToString();

    public string Timestamp => Headers["webhook-timestamp"].ToString();

    public string Signature => Headers["webhook-signature"].ToString();

    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string EventType => Json["eventType"]!.GetValue<string>();

    public JsonObject Payload => Json["payload"]!.AsObject();

    /// <summary>The connection of a connection event.</summary>
    public JsonObject Connection => Payload["connection"]!.AsObject();
}
