using Microsoft.Extensions.Options;
using Switchboard.Server.Integrations;

namespace Switchboard.Server.Configuration;

/// <summary>Checks the settings on start; each failure names the setting and says what is expected.</summary>
internal sealed class SwitchboardOptionsValidator : IValidateOptions<SwitchboardOptions>
{
    public ValidateOptionsResult Validate(string? name, SwitchboardOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("Switchboard:DataDirectory must not be empty.");
        }

        if (options.PublicBaseUrl is { } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(uri.Query)))
        {
            failures.Add($"Switchboard:PublicBaseUrl must be an absolute http or https URL without a query string (got '{url}').");
        }

        if (options.BootstrapApiKey is { } bootstrapKey &&
            (bootstrapKey.Length is < 16 or > 128 || bootstrapKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ':')))
        {
            failures.Add("Switchboard:BootstrapApiKey must be 16 to 128 characters with no spaces, control characters or ':'.");
        }

        if (options.Database.BusyTimeout <= TimeSpan.Zero)
        {
            failures.Add("Switchboard:Database:BusyTimeout must be positive (for example 00:00:10).");
        }

        var limits = options.RateLimits;
        if (limits.PermitsPerSecond <= 0 || limits.Burst < 1 || limits.UnauthenticatedPermitsPerSecond <= 0 || limits.UnauthenticatedBurst < 1 ||
            limits.LinkPermitsPerSecond <= 0 || limits.LinkBurst < 1)
        {
            failures.Add("Switchboard:RateLimits: PermitsPerSecond, UnauthenticatedPermitsPerSecond and LinkPermitsPerSecond must be positive, Burst, UnauthenticatedBurst and LinkBurst at least 1.");
        }

        if (options.Link.TokenLifetime <= TimeSpan.Zero)
        {
            failures.Add("Switchboard:Link:TokenLifetime must be positive (for example 7.00:00:00).");
        }

        if (!LoggingOptions.Formats.Contains(options.Logging.Format, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Switchboard:Logging:Format must be text or json (got '{options.Logging.Format}').");
        }

        if (!TelemetryOptions.IsTracesPerSecond(options.Telemetry.TracesPerSecond))
        {
            failures.Add("Switchboard:Telemetry:TracesPerSecond must be 0 (no new traces recorded) or from 0.001 to 1000000 a second.");
        }

        if (!TelemetryOptions.IsConnectionCountInterval(options.Telemetry.ConnectionCountInterval))
        {
            failures.Add("Switchboard:Telemetry:ConnectionCountInterval must be 00:00:00 (no connections gauge on this node) or from 00:00:01 to 1.00:00:00.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            failures.Add("Switchboard:MaxRequestBodyBytes must be at least 1024.");
        }

        if (options.Idempotency.Retention <= TimeSpan.Zero || options.Idempotency.WaitForRunning < TimeSpan.Zero)
        {
            failures.Add("Switchboard:Idempotency: Retention must be positive and WaitForRunning not negative.");
        }

        var webhooks = options.Webhooks;
        if (webhooks.Timeout <= TimeSpan.Zero || webhooks.PollInterval <= TimeSpan.Zero || webhooks.DisableAfter <= TimeSpan.Zero ||
            webhooks.Retention <= TimeSpan.Zero || webhooks.LeaseMargin <= TimeSpan.Zero || webhooks.SecretOverlap < TimeSpan.Zero || webhooks.RetryDelays?.Any(d => d < TimeSpan.Zero) == true)
        {
            failures.Add("Switchboard:Webhooks: Timeout, PollInterval, DisableAfter, Retention and LeaseMargin must be positive, SecretOverlap and each of RetryDelays not negative.");
        }

        if (webhooks.BatchSize is < 1 or > 1000 || webhooks.MaxResponseBodyLength is < 0 or > 65536)
        {
            failures.Add("Switchboard:Webhooks: BatchSize must be 1 to 1000 and MaxResponseBodyLength 0 to 65536.");
        }

        foreach (var (proxy, index) in options.ForwardedHeaders.KnownProxies.Select((p, i) => (p, i)))
        {
            if (!System.Net.IPAddress.TryParse(proxy, out _))
            {
                failures.Add($"Switchboard:ForwardedHeaders:KnownProxies:{index} must be an IP address, such as 10.0.0.5 (got '{proxy}').");
            }
        }

        foreach (var (network, index) in options.ForwardedHeaders.KnownNetworks.Select((n, i) => (n, i)))
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                failures.Add($"Switchboard:ForwardedHeaders:KnownNetworks:{index} must be a network in CIDR notation, such as 10.0.0.0/8 (got '{network}').");
            }
        }

        foreach (var (key, integration) in options.Integrations)
        {
            if (!IntegrationCatalog.IsWellFormedKey(key))
            {
                failures.Add($"Switchboard:Integrations:{key}: a platform key is exactly four lowercase letters.");
            }

            if (integration.SourceType is { } sourceType && !Enum.TryParse<SourceType>(sourceType, ignoreCase: true, out _))
            {
                failures.Add($"Switchboard:Integrations:{key}:SourceType '{sourceType}' is not one of {string.Join(", ", Enum.GetNames<SourceType>())}.");
            }

            if (integration.LogoUrl is { } logo && !Uri.TryCreate(logo, UriKind.Absolute, out _))
            {
                failures.Add($"Switchboard:Integrations:{key}:LogoUrl must be an absolute URL (got '{logo}').");
            }

            if (integration.AuthorizationKeys?.Any(string.IsNullOrWhiteSpace) == true)
            {
                failures.Add($"Switchboard:Integrations:{key}:AuthorizationKeys must not contain empty names.");
            }

            if (integration.OAuth?.MaxRefreshesPerSecond is <= 0 or double.NaN)
            {
                failures.Add($"Switchboard:Integrations:{key}:OAuth:MaxRefreshesPerSecond must be positive.");
            }

            ValidateAuthorization(key, integration, failures);
        }

        var tokens = options.Tokens;
        if (tokens.RefreshBefore < TimeSpan.Zero || tokens.PollInterval <= TimeSpan.Zero || tokens.HttpTimeout <= TimeSpan.Zero || tokens.StateLifetime <= TimeSpan.Zero
            || tokens.RetryBackoff <= TimeSpan.Zero)
        {
            failures.Add("Switchboard:Tokens: RefreshBefore must not be negative, PollInterval, HttpTimeout, StateLifetime and RetryBackoff must be positive (for example 00:05:00).");
        }

        if (tokens.RefreshJitter < TimeSpan.Zero || !(tokens.MaxRefreshesPerSecond > 0))
        {
            failures.Add("Switchboard:Tokens: RefreshJitter must not be negative, MaxRefreshesPerSecond must be positive.");
        }

        if (tokens.MaxConcurrentRefreshes < 1 || tokens.MaxConcurrentRefreshesPerPlatform < 1
            || tokens.MaxConcurrentRefreshesPerPlatform > tokens.MaxConcurrentRefreshes)
        {
            failures.Add("Switchboard:Tokens: MaxConcurrentRefreshes and MaxConcurrentRefreshesPerPlatform must be at least 1, and MaxConcurrentRefreshesPerPlatform no more than MaxConcurrentRefreshes.");
        }

        if (tokens.MaxRetryBackoff < tokens.RetryBackoff)
        {
            failures.Add("Switchboard:Tokens:MaxRetryBackoff must not be shorter than Switchboard:Tokens:RetryBackoff.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAuthorization(string key, IntegrationSettings integration, List<string> failures)
    {
        var scheme = Integrations.AuthorizationScheme.Credentials;
        if (integration.AuthorizationScheme is { } written && !Enum.TryParse(written, ignoreCase: true, out scheme))
        {
            failures.Add($"Switchboard:Integrations:{key}:AuthorizationScheme '{written}' is not one of {string.Join(", ", Enum.GetNames<AuthorizationScheme>())}.");
        }

        if (integration.OAuth is not { } oauth)
        {
            if (scheme == Integrations.AuthorizationScheme.OAuth2 && !BuiltInOAuth.ByKey.ContainsKey(key))
            {
                failures.Add($"Switchboard:Integrations:{key}:OAuth:AuthorizeUrl and TokenUrl must be set: {key} is not a built-in OAuth2 integration.");
            }

            return;
        }

        var prefix = $"Switchboard:Integrations:{key}:OAuth";
        foreach (var (name, value) in new[] { ("AuthorizeUrl", oauth.AuthorizeUrl), ("TokenUrl", oauth.TokenUrl), ("TenantsUrl", oauth.TenantsUrl) })
        {
            if (value is null && name == "TenantsUrl")
            {
                continue; // optional: only platforms that list tenants after the exchange have one
            }

            if (value is null)
            {
                if (!BuiltInOAuth.ByKey.ContainsKey(key))
                {
                    failures.Add($"{prefix}:{name} must be set: {key} is not a built-in OAuth2 integration.");
                }
            }
            else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{prefix}:{name} must be an absolute http or https URL (got '{value}').");
            }
        }

        if (oauth.ClientAuthentication is { } authentication && !Enum.TryParse<ClientAuthentication>(authentication, ignoreCase: true, out _))
        {
            failures.Add($"{prefix}:ClientAuthentication '{authentication}' must be 'basic' or 'post'.");
        }

        if (oauth.ClientSecret is not null && oauth.ClientSecretFile is not null)
        {
            failures.Add($"{prefix}: set ClientSecret or ClientSecretFile, not both.");
        }

        if (oauth.ClientSecretFile is { } file && !File.Exists(file))
        {
            failures.Add($"{prefix}:ClientSecretFile points to '{file}', which does not exist.");
        }

        var hasSecret = !string.IsNullOrEmpty(oauth.ClientSecret) || oauth.ClientSecretFile is not null;
        if (string.IsNullOrEmpty(oauth.ClientId) == hasSecret)
        {
            failures.Add($"{prefix}: ClientId and ClientSecret (or ClientSecretFile) must be set together; only one of them is set.");
        }
    }
}
