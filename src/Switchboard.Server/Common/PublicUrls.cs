using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Switchboard.Server.Companies;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Link;

namespace Switchboard.Server.Common;

/// <summary>
/// Absolute URLs handed to end users (Link pages, logos): under <c>Switchboard:PublicBaseUrl</c>, or the first
/// address the server listens on (with a wildcard host read as localhost).
/// </summary>
internal sealed class PublicUrls(IOptions<SwitchboardOptions> options, IServer server, LinkTokens tokens)
{
    private string? _baseUrl;

    public string BaseUrl => _baseUrl ??= Resolve();

    /// <summary>The connection's <c>linkUrl</c>: its Link page, with a signed token for the connection as it is now.</summary>
    public string ConnectionLink(ConnectionEntity connection) => ConnectionLink(connection, LinkPurpose.Link).Url;

    /// <summary>A link of <paramref name="purpose"/> for the connection as it is now, and when it expires.</summary>
    public (string Url, DateTimeOffset ExpiresAt) ConnectionLink(ConnectionEntity connection, LinkPurpose purpose)
    {
        var (token, expiresAt) = tokens.Issue(connection, purpose);
        return ($"{BaseUrl}/link/companies/{connection.CompanyId}/connections/{connection.Id}/start?token={token}", expiresAt);
    }

    /// <summary>The company's <c>redirect</c>: its Link page, with a signed token for the company as it is now.</summary>
    public string CompanyLink(CompanyEntity company) => $"{BaseUrl}/link/companies/{company.Id}?token={tokens.IssueForCompany(company)}";

    public string Logo(string platformKey) => $"{BaseUrl}/link/logos/{platformKey}.svg";

    private string Resolve()
    {
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        return uri.Uri.GetLeftPart(UriPartial.Authority);
    }
}
