namespace Switchboard.Client.Models;

/// <summary><c>company.created</c> or <c>company.deleted</c>: the company as it was.</summary>
public class CompanyWebhookEvent : WebhookEvent
{
    /// <summary>The company (without its connections).</summary>
    public Company? Payload { get; set; }
}
