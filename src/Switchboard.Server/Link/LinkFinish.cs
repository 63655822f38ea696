using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Integrations;
using Switchboard.Server.Profiles;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Link;

/// <summary>
/// Where a link ends, whatever ended it (the start page's form, or the platform's OAuth callback): a 302 to the tenant's
/// redirect URL (its profile's, else <c>Switchboard:LinkRedirectUrl</c>) with Codat's placeholders filled in, or, when
/// there is none, the result page.
/// </summary>
internal sealed partial class LinkFinish(ProfileService profiles, IOptions<SwitchboardOptions> options, IntegrationCatalog catalog, PublicUrls urls)
{
    /// <summary>The query parameter that carries the link token: never a custom placeholder.</summary>
    public const string TokenParameter = "token";

    /// <summary>Finishes the link of <paramref name="connection"/> (as it was when the link was opened) with <paramref name="outcome"/>.</summary>
    /// <param name="custom">The link URL's own query parameters, for the tenant's custom placeholders.</param>
    /// <param name="pageStatus">The HTTP status of the result page, when it is shown; by default from the outcome.</param>
    public async Task<IResult> FinishAsync(
        LinkOutcome outcome, ConnectionEntity connection, IReadOnlyDictionary<string, string> custom, CancellationToken cancellationToken, int? pageStatus = null)
    {
        var current = outcome.Connection ?? connection;
        var profile = await profiles.GetAsync(new TenantId(current.TenantId), cancellationToken);
        if (ProfileService.RedirectUrlOf(profile, options.Value) is { } template)
        {
            return new UnloggedRedirect(Fill(template, outcome, current, custom));
        }

        var integration = catalog.Find(current.IntegrationKey);
        var platform = integration?.Name ?? current.PlatformName;
        var brand = new LinkBrand(profile.Name, profile.LogoUrl);
        var logo = integration is null ? null : integration.LogoUrl ?? urls.Logo(integration.Key);
        var (title, message, tone, status) = outcome.Result switch
        {
            LinkResult.Linked => ("Connected", $"{platform} is connected to {brand.Name}.", MessageTone.Success, StatusCodes.Status200OK),
            LinkResult.NothingToDo => ("Already connected", outcome.Message ?? $"{platform} is already connected. Nothing needs to be done.", MessageTone.Info, StatusCodes.Status200OK),
            LinkResult.Cancelled => ("Not connected", outcome.Message ?? $"You cancelled, so {platform} was not connected.", MessageTone.Info, StatusCodes.Status200OK),
            LinkResult.NotSupported => ("Not available", outcome.Message ?? $"{platform} cannot be connected here yet.", MessageTone.Problem, StatusCodes.Status200OK),
            _ => ("Not connected", outcome.Message ?? $"{platform} could not be connected because of an error. Please try again later.", MessageTone.Problem, StatusCodes.Status500InternalServerError),
        };
        return LinkPages.Message(brand, title, message, tone, pageStatus ?? status, logo);
    }

    /// <summary>The origin a link of <paramref name="connection"/> may end at, so the start page's policy lets its form lead there.</summary>
    public async Task<string?> RedirectTargetAsync(ConnectionEntity connection, IReadOnlyDictionary<string, string> custom, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(new TenantId(connection.TenantId), cancellationToken);
        return ProfileService.RedirectUrlOf(profile, options.Value) is { } template
            ? Fill(template, new LinkOutcome(LinkResult.Linked, connection, null), connection, custom)
            : null;
    }

    /// <summary>The link URL's own query parameters but its token: the values of a tenant's custom placeholders.</summary>
    public static Dictionary<string, string> CustomPlaceholders(IQueryCollection query) =>
        query.Where(p => p.Key != TokenParameter).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    /// <summary>
    /// Codat's reserved placeholders, then custom ones from the link URL's query (one not given becomes empty); each
    /// value URL-encoded, so no value can add a parameter or change where the URL goes.
    /// </summary>
    internal static string Fill(string template, LinkOutcome outcome, ConnectionEntity connection, IReadOnlyDictionary<string, string> custom)
    {
        var (statusCode, statusText, errorMessage) = outcome.Result switch
        {
            LinkResult.Linked => (200, "Linked", ""),
            LinkResult.NothingToDo => (201, "Nothing to do", ""),
            LinkResult.Cancelled => (403, "User cancelled", "User cancelled."),
            LinkResult.NotSupported => (501, "Not supported", "Not supported."),
            _ => (500, "Error", "Unknown error occurred."),
        };
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            var value = name switch
            {
                "clientId" => connection.TenantId.ToString(),
                "companyId" => connection.CompanyId.ToString(),
                "connectionId" => connection.Id.ToString(),
                "integrationId" => connection.IntegrationId.ToString(),
                "sourceId" => connection.SourceId.ToString(),
                "platform" => connection.IntegrationKey,
                "platformName" => connection.PlatformName,
                "sourceType" => connection.SourceType.ToString(),
                "statusCode" => statusCode.ToString(CultureInfo.InvariantCulture),
                "statusText" => statusText,
                "errorMessage" => errorMessage,
                _ => custom.GetValueOrDefault(name, ""),
            };
            return Uri.EscapeDataString(value);
        });
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]{1,64})\}")]
    private static partial Regex Placeholder();
}
