namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>A tenant made for one test: its id (to look at its rows), its first API key, and a client using that key.</summary>
public sealed record Tenant(Guid Id, string ApiKey, HttpClient Client);
