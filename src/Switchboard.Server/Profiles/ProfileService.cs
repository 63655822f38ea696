using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Profiles;

/// <summary>
/// A tenant's profile: what <c>GET /profile</c> shows and the Link pages use (the stored one, else the tenant's name and
/// the server-wide <c>Switchboard:LinkRedirectUrl</c>), and <c>PUT /profile</c>, which validates and replaces it.
/// </summary>
internal sealed class ProfileService(
    SwitchboardDbContext db, ProfileStore profiles, TenantStore tenants, ReadPool reads, WriteGate writeGate, IOptions<SwitchboardOptions> options, TimeProvider time)
{
    public const int MaxNameLength = 200;
    public const int MaxUrlLength = 2000;
    public const int MaxWhiteListUrls = 20;

    public async Task<ProfileEntity> GetAsync(TenantId tenant, CancellationToken cancellationToken) =>
        await profiles.FindAsync(tenant, cancellationToken) ?? new ProfileEntity
        {
            TenantId = tenant.Value,
            Name = await tenants.FindNameAsync(reads, tenant, cancellationToken) ?? "",
            RedirectUrl = options.Value.LinkRedirectUrl ?? "",
        };

    /// <summary>Where the tenant's end users go after a link: its profile's redirect URL, else the server's; null for none.</summary>
    public static string? RedirectUrlOf(ProfileEntity profile, SwitchboardOptions options) =>
        profile.RedirectUrl is { Length: > 0 } own ? own : options.LinkRedirectUrl is { Length: > 0 } server ? server : null;

    public async Task<ProfileEntity> ReplaceAsync(TenantId tenant, ProfileBody body, CancellationToken cancellationToken)
    {
        var profile = new ProfileEntity
        {
            TenantId = tenant.Value,
            Name = ValidName(body.Name),
            LogoUrl = ValidImageUrl("logoUrl", body.LogoUrl),
            IconUrl = ValidImageUrl("iconUrl", body.IconUrl),
            RedirectUrl = ValidRedirectUrl(body.RedirectUrl),
            WhiteListUrls = ValidWhiteList(body.WhiteListUrls),
            ConfirmCompanyName = body.ConfirmCompanyName ?? false,
            Modified = time.UtcNow(),
        };
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await profiles.SaveAsync(work, profile, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return profile;
    }

    private static string ValidName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ApiException.InvalidField("name", "name is required: the name your end users see on the Link pages.");
        }

        return name.Length <= MaxNameLength
            ? name
            : throw ApiException.InvalidField("name", $"name must be at most {MaxNameLength} characters (got {name.Length}).");
    }

    /// <summary>Logos are shown on the Link pages, whose policy loads images over HTTPS only.</summary>
    private static string? ValidImageUrl(string field, string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        return url.Length <= MaxUrlLength && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? url
            : throw ApiException.InvalidField(field, $"{field} must be an absolute https URL of at most {MaxUrlLength} characters.");
    }

    /// <summary>
    /// Required by the Profile schema; empty means "the server's default". Placeholders may stand anywhere, even in
    /// the host (<c>https://bobs-burgers.{countrySuffix}/{companyId}</c>), so only the scheme can be checked here.
    /// </summary>
    private static string ValidRedirectUrl(string? url)
    {
        if (url is null)
        {
            throw ApiException.InvalidField("redirectUrl", "redirectUrl is required: where end users go after a link (an empty string uses the server's default).");
        }

        if (url.Length == 0)
        {
            return url;
        }

        var shown = Echo.Shorten(url);
        return url.Length <= MaxUrlLength
            && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            && !url.Any(char.IsWhiteSpace)
            ? url
            : throw ApiException.InvalidField("redirectUrl", $"redirectUrl '{shown}' must be an http or https URL of at most {MaxUrlLength} characters, without spaces.");
    }

    private static List<string> ValidWhiteList(List<string>? urls)
    {
        if (urls is null)
        {
            return [];
        }

        if (urls.Count > MaxWhiteListUrls)
        {
            throw ApiException.InvalidField("whiteListUrls", $"whiteListUrls has {urls.Count} entries; at most {MaxWhiteListUrls} are allowed.");
        }

        foreach (var url in urls)
        {
            if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw ApiException.InvalidField("whiteListUrls", $"whiteListUrls entry '{Echo.Shorten(url ?? "null")}' is not an absolute http or https URL.");
            }
        }

        return urls;
    }
}
