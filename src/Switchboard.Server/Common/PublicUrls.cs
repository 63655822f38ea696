using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Common;

/// <summary>
/// Absolute URLs handed to end users (Link pages, logos): under <c>Switchboard:PublicBaseUrl</c>, or the first
/// address the server listens on (with a wildcard host read as localhost).
/// </summary>
public sealed class PublicUrls(IOptions<SwitchboardOptions> options, IServer server)
{
    private string? _baseUrl;

    public string BaseUrl => _baseUrl ??= Resolve();

    public string ConnectionLink(Guid companyId, Guid connectionId) =>
        $"{BaseUrl}/link/companies/{companyId}/connections/{connectionId}/start";

    public string CompanyLink(Guid companyId) => $"{BaseUrl}/link/companies/{companyId}";

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
