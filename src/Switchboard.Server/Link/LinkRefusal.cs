namespace Switchboard.Server.Link;

/// <summary>Why a link page cannot go on, as the end user is told.</summary>
internal sealed record LinkRefusal(int StatusCode, string Title, string Message);
