using System.Net;

namespace Switchboard.Server.Tests.Tenancy;

/// <summary>What a probing request learns: status, content type, which headers came back, and the body (correlation id blanked).</summary>
public sealed record ProbeAnswer(HttpStatusCode Status, string? ContentType, string HeaderNames, string Body);
