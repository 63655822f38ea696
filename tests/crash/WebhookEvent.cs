using System.Text.Json.Nodes;

namespace Switchboard.Crash;

/// <summary>An event as the harness sees it (in the outbox table or at its receiver): its id, its type and the company or connection it is about.</summary>
internal sealed record WebhookEvent(Guid Id, string Type, Guid Subject)
{
    /// <summary>The lifecycle events the harness's consumer asks for: each happens at most once to its subject.</summary>
    public static readonly string[] Types = ["company.created", "company.deleted", "connection.created", "connection.deleted"];

    /// <summary>Reads Codat's envelope: a company event's payload is the company, a connection event's holds the connection.</summary>
    public static WebhookEvent Parse(string body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        var type = json["eventType"]!.GetValue<string>();
        var payload = json["payload"]!;
        var subject = type.StartsWith("company.", StringComparison.Ordinal) ? payload["id"]! : payload["connection"]!["id"]!;
        return new WebhookEvent(Guid.Parse(json["id"]!.GetValue<string>()), type, Guid.Parse(subject.GetValue<string>()));
    }
}
