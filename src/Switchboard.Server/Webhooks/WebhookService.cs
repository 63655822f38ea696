using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Errors;
using Switchboard.Server.Paging;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Webhooks;

/// <summary>A tenant's webhook consumers: validated here, stored through <see cref="WebhookStore"/>.</summary>
internal sealed class WebhookService(
    SwitchboardDbContext db,
    WebhookStore store,
    WebhookSecrets secrets,
    TenantStore tenants,
    WriteGate writeGate,
    IOptions<SwitchboardOptions> options,
    IHostEnvironment environment,
    TimeProvider time)
{
    public const int MaxConsumersPerTenant = 50;
    public const int MaxUrlLength = 2048;
    public const int MaxCompanyTags = 10;
    public const int MaxCompanyTagLength = 128;
    public const string NotFoundMessage = "Webhook consumer not found: no webhook consumer with this id exists.";

    public Task<List<WebhookConsumerEntity>> ListAsync(TenantId tenant, CancellationToken cancellationToken) => store.ListConsumersAsync(tenant, cancellationToken);

    public async Task<(WebhookConsumerEntity Consumer, string Secret)> CreateAsync(TenantId tenant, WebhookConsumerBody body, CancellationToken cancellationToken)
    {
        var url = await ValidUrlAsync(body.Url, cancellationToken);
        var eventTypes = ValidEventTypes(body.EventTypes);
        var companyTags = ValidCompanyTags(body.CompanyTags);
        var id = SequentialIds.Next(time);
        var secret = WebhookSecrets.Generate();
        var consumer = new WebhookConsumerEntity
        {
            Id = id,
            TenantId = tenant.Value,
            Url = url,
            Disabled = body.Disabled ?? false,
            EventTypes = eventTypes,
            CompanyTags = companyTags,
            SecretKeyId = secrets.CurrentKeyId,
            Secret = secrets.Seal(tenant.Value, id, secret),
            Created = time.UtcNow(),
        };
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await tenants.LockAsync(work, tenant, cancellationToken);
        if (await store.CountConsumersAsync(work, tenant, cancellationToken) >= MaxConsumersPerTenant)
        {
            throw ApiException.Conflict($"Maximum number of webhook consumers reached ({MaxConsumersPerTenant}). Delete an unused consumer first.");
        }

        await store.InsertConsumerAsync(work, consumer, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return (consumer, secret);
    }

    public async Task DeleteAsync(TenantId tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        if (!await store.DeleteConsumerAsync(work, tenant, id, cancellationToken))
        {
            throw ApiException.NotFound(NotFoundMessage);
        }

        await work.CommitAsync(cancellationToken);
    }

    public async Task<RotatedSecret> RotateSecretAsync(TenantId tenant, Guid id, CancellationToken cancellationToken)
    {
        var secret = WebhookSecrets.Generate();
        var expires = time.UtcNow() + options.Value.Webhooks.SecretOverlap;
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        if (!await store.RotateSecretAsync(work, tenant, id, secrets.CurrentKeyId, secrets.Seal(tenant.Value, id, secret), expires, cancellationToken))
        {
            throw ApiException.NotFound(NotFoundMessage);
        }

        await work.CommitAsync(cancellationToken);
        return new RotatedSecret(secret, expires);
    }

    public async Task<(List<WebhookDeliveryEntity> Rows, int Total)> ListDeliveriesAsync(
        TenantId tenant, Guid consumer, PageRequest request, CancellationToken cancellationToken)
    {
        var page = await store.ListDeliveriesAsync(tenant, consumer, request, cancellationToken);
        if (page.Rows.Count == 0 && !await store.ConsumerExistsAsync(tenant, consumer, cancellationToken))
        {
            throw ApiException.NotFound(NotFoundMessage);
        }

        return page;
    }

    public async Task<WebhookDeliveryEntity> RetryAsync(TenantId tenant, Guid consumer, Guid delivery, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        var retried = await store.RetryAsync(work, tenant, consumer, delivery, time.UtcNow(), cancellationToken);
        if (retried is null)
        {
            throw ApiException.NotFound(await store.ConsumerExistsAsync(tenant, consumer, cancellationToken)
                ? "Delivery not found: this webhook consumer has no delivery with this id."
                : NotFoundMessage);
        }

        await work.CommitAsync(cancellationToken);
        return retried;
    }

    private async Task<string> ValidUrlAsync(string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw ApiException.InvalidField("url", "url is required: the absolute http or https URL that receives the events.");
        }

        if (url.Length > MaxUrlLength)
        {
            throw ApiException.InvalidField("url", $"url must be at most {MaxUrlLength} characters (got {url.Length}).");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            throw ApiException.InvalidField("url", $"url '{Echo.Shorten(url)}' is not an absolute http or https URL.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw ApiException.InvalidField("url", "url must not contain a user name or password.");
        }

        if (!options.Value.Webhooks.PrivateNetworksAllowed(environment))
        {
            try
            {
                using var resolving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                resolving.CancelAfter(TimeSpan.FromSeconds(5));
                await WebhookAddresses.ResolveAsync(uri.IdnHost, allowPrivate: false, resolving.Token);
            }
            catch (WebhookAddressRefusedException refused)
            {
                throw ApiException.InvalidField("url", $"url refused: {refused.Message} (Switchboard__Webhooks__AllowPrivateNetworks allows it).");
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not resolvable now: it may be later. Every send resolves and checks it again.
            }
        }

        return uri.AbsoluteUri;
    }

    private static List<string> ValidEventTypes(IReadOnlyList<string>? eventTypes)
    {
        if (eventTypes is null || eventTypes.Count == 0)
        {
            throw ApiException.InvalidField("eventTypes", $"eventTypes is required: one or more of {string.Join(", ", WebhookEventTypes.All)}.");
        }

        foreach (var eventType in eventTypes)
        {
            if (eventType is null || !WebhookEventTypes.All.Contains(eventType, StringComparer.Ordinal))
            {
                throw ApiException.InvalidField("eventTypes",
                    $"eventTypes: '{Echo.Shorten(eventType ?? "null")}' is not an event Switchboard sends; expected one of {string.Join(", ", WebhookEventTypes.All)}.");
            }
        }

        return [.. eventTypes.Distinct(StringComparer.Ordinal)];
    }

    private static List<string> ValidCompanyTags(IReadOnlyList<string>? companyTags)
    {
        if (companyTags is null)
        {
            return [];
        }

        if (companyTags.Count > MaxCompanyTags)
        {
            throw ApiException.InvalidField("companyTags", $"companyTags has at most {MaxCompanyTags} entries (got {companyTags.Count}).");
        }

        foreach (var tag in companyTags)
        {
            if (tag is null || tag.Length > MaxCompanyTagLength || tag.IndexOf(':', StringComparison.Ordinal) < 1)
            {
                throw ApiException.InvalidField("companyTags",
                    $"companyTags: '{Echo.Shorten(tag ?? "null")}' must be tagKey:tagValue, at most {MaxCompanyTagLength} characters.");
            }
        }

        return [.. companyTags.Distinct(StringComparer.Ordinal)];
    }
}
