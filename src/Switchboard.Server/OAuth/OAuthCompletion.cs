using Switchboard.Server.Link;

namespace Switchboard.Server.OAuth;

/// <summary>How the platform's callback ended, and the link URL's own query parameters (the tenant's custom redirect placeholders).</summary>
internal sealed record OAuthCompletion(LinkOutcome Outcome, IReadOnlyDictionary<string, string> Custom);
