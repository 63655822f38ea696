using System.Net;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>One pass through a link: where the user was sent, where the platform sent them back, and the page they saw.</summary>
public sealed record LinkRun(Uri Authorize, Uri Callback, HttpStatusCode Status, string Page);
