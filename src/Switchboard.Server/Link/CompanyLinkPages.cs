using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Common;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;
using Switchboard.Server.Persistence;
using Switchboard.Server.Profiles;

namespace Switchboard.Server.Link;

/// <summary>
/// The page behind a company's <c>redirect</c>: the enabled integrations by kind (but OAuth 2.0 platforms the operator has
/// given no client); choosing one creates its connection
/// (or reuses the company's connection of it that waits for authorization) and continues into its start page. Of a kind a
/// company connects only one of, a Linked platform is shown instead of the choices.
/// </summary>
internal static class CompanyLinkPages
{
    private static readonly SourceType[] Order = [SourceType.Accounting, SourceType.Banking, SourceType.BankFeed, SourceType.Commerce, SourceType.Expense, SourceType.Other];

    public static async Task<IResult> Show(
        string companyId, string? token, HttpContext context, LinkSession session, SwitchboardDbContext db, CompanyService companies,
        IntegrationCatalog catalog, ProfileService profiles, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (session.ReadCompany(companyId, token) is not { } key)
        {
            return LinkPages.Refusal(LinkPages.Anonymous, LinkSession.NotValid);
        }

        var brand = await LinkApi.BrandAsync(key.Tenant, profiles, cancellationToken);
        db.TenantId = key.Tenant.Value;
        CompanyEntity company;
        List<ConnectionEntity> connections;
        try
        {
            (company, connections) = await companies.GetWithConnectionsAsync(key.Company.Value, cancellationToken);
        }
        catch (ApiException error) when (error.StatusCode == StatusCodes.Status404NotFound)
        {
            return LinkPages.Refusal(brand, LinkSession.NotValid);
        }

        var linked = connections.Where(c => c.Status == DataConnectionStatus.Linked).ToList();
        var sections = new List<CompanySection>();
        foreach (var kind in Order)
        {
            // A platform the operator has not set up (OAuth 2.0 without a client) would be a dead end: not offered.
            var choices = catalog.All.Where(i => i.Enabled && i.SourceType == kind)
                .Select(i => (Integration: i, Connected: linked.Exists(c => c.IntegrationKey == i.Key)))
                .Where(c => c.Integration.CanLinkThroughPage || c.Connected)
                .Select(c => Choice(c.Integration, c.Connected))
                .ToList();
            if (choices.Count == 0)
            {
                continue;
            }

            var one = ConnectionService.IsOneOfAKind(kind) ? linked.Find(c => c.SourceType == kind) : null;
            var shown = one is null ? null : catalog.Find(one.IntegrationKey) is { } integration
                ? Choice(integration, connected: true)
                : new CompanyChoice(one.IntegrationKey, one.PlatformName, null, PlatformMonogram.Initials(one.PlatformName), 0, Connected: true);
            sections.Add(new CompanySection($"kind-{kind.ToString().ToLowerInvariant()}", SharedData.Heading(kind), choices, shown));
        }

        return LinkPages.Company(brand, company.Name, sections, antiforgery.GetAndStoreTokens(context));
    }

    private static CompanyChoice Choice(IntegrationDefinition integration, bool connected) => new(
        integration.Key, integration.Name, integration.LogoUrl, PlatformMonogram.Initials(integration.Name), PlatformMonogram.Hue(integration), connected);

    public static async Task<IResult> Choose(
        string companyId, string? token, HttpContext context, LinkSession session, ConnectionStore store, ConnectionService connections,
        IntegrationCatalog catalog, ProfileService profiles, PublicUrls urls, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var form = await LinkApi.ReadFormAsync(context.Request, cancellationToken);
        if (session.ReadCompany(companyId, token) is not { } key)
        {
            return LinkPages.Refusal(LinkPages.Anonymous, LinkSession.NotValid);
        }

        var brand = await LinkApi.BrandAsync(key.Tenant, profiles, cancellationToken);
        if (form is null)
        {
            return LinkPages.Unreadable(brand);
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return LinkPages.Forged(brand);
        }

        var integration = catalog.Find(form["platformKey"].ToString());
        if (integration is not { Enabled: true, CanLinkThroughPage: true })
        {
            return LinkPages.Message(brand, "Not available", "That platform is not offered here. Go back and choose another.", MessageTone.Problem, StatusCodes.Status400BadRequest);
        }

        var existing = await store.ListOfCompanyAsync(key.Tenant, key.Company, cancellationToken);
        var connection = existing.Find(c => c.IntegrationKey == integration.Key && c.Status == DataConnectionStatus.PendingAuth);
        if (connection is null)
        {
            try
            {
                connection = await connections.CreateAsync(key.Tenant, key.Company, integration.Key, cancellationToken);
            }
            catch (ApiException error) when (error.StatusCode == StatusCodes.Status404NotFound)
            {
                return LinkPages.Refusal(brand, LinkSession.NotValid);
            }
        }

        // Into the connection's own start page, which says if it cannot go on (already connected, one of a kind);
        // the company link's other query parameters go along, for the tenant's custom redirect placeholders.
        var start = urls.ConnectionLink(connection);
        var custom = LinkFinish.CustomPlaceholders(context.Request.Query);
        var query = string.Concat(custom.Select(p => $"&{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new UnloggedRedirect(start + query);
    }
}
