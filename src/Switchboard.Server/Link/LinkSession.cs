using Microsoft.AspNetCore.Http;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Integrations;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Link;

/// <summary>
/// Opens a link for the end user, who has no API key: the token (<see cref="LinkTokens"/>) names the tenant and the
/// connection, and says whether it may authorize it now. Then acts as that tenant.
/// </summary>
internal sealed class LinkSession(LinkTokens tokens, ConnectionStore store, ConnectionService connections, IntegrationCatalog catalog)
{
    public static readonly LinkRefusal NotValid = new(StatusCodes.Status404NotFound, "Link not valid",
        "This link is not valid: it may have expired, been changed, or its connection may have been deleted. Ask for a new link.");

    public static readonly LinkRefusal Spent = new(StatusCodes.Status410Gone, "Link already used",
        "This link has already been used, or the connection has been connected or disconnected since it was made. Ask for a new link.");

    public async Task<OpenedLink> OpenAsync(string companyId, string connectionId, string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(token);
        if (claims is null || claims.Purpose == LinkPurpose.Company
            || !Guid.TryParse(companyId, out var company) || claims.Connection.Company.Value != company
            || !Guid.TryParse(connectionId, out var id) || claims.Connection.Connection.Value != id)
        {
            return new OpenedLink(NotValid);
        }

        var connection = await store.FindAsync(claims.Connection, cancellationToken);
        var integration = connection is null ? null : catalog.Find(connection.IntegrationKey);
        if (connection is null || integration is null)
        {
            return OpenedLink.Refused(claims, NotValid);
        }

        if (connection.Status == DataConnectionStatus.Linked)
        {
            // A link never replaces a Linked connection's credentials.
            return OpenedLink.Refused(claims, new LinkRefusal(StatusCodes.Status200OK, "Already connected", $"{integration.Name} is already connected. Nothing needs to be done."));
        }

        if (connection.AuthorizationVersion != claims.AuthorizationVersion)
        {
            return OpenedLink.Refused(claims, Spent);
        }

        if (connection.Status != DataConnectionStatus.PendingAuth && claims.Purpose != LinkPurpose.Relink)
        {
            return OpenedLink.Refused(claims, new LinkRefusal(StatusCodes.Status403Forbidden, "Link not valid",
                $"This {integration.Name} connection was disconnected. To connect it again, ask for a new link."));
        }

        if (await FindLinkedRivalAsync(connection, cancellationToken) is { } rival)
        {
            return OpenedLink.Refused(claims, OneOfAKind(integration, rival));
        }

        return new OpenedLink(null, claims, connection, integration);
    }

    /// <summary>The tenant and company a company page's token names; null for anything but a genuine, unexpired one for this company.</summary>
    public ConnectionKey? ReadCompany(string companyId, string? token)
    {
        var claims = tokens.Read(token);
        return claims is { Purpose: LinkPurpose.Company } && Guid.TryParse(companyId, out var company) && claims.Connection.Company.Value == company
            ? claims.Connection
            : null;
    }

    /// <summary>
    /// For a kind of platform a company connects only one of (<see cref="ConnectionService.IsOneOfAKind"/>), the other
    /// connection of that kind that is Linked; null when there is none.
    /// </summary>
    public async Task<ConnectionEntity?> FindLinkedRivalAsync(ConnectionEntity connection, CancellationToken cancellationToken)
    {
        if (!ConnectionService.IsOneOfAKind(connection.SourceType))
        {
            return null;
        }

        var all = await store.ListOfCompanyAsync(new TenantId(connection.TenantId), new CompanyId(connection.CompanyId), cancellationToken);
        return all.Find(c => c.Id != connection.Id && c.SourceType == connection.SourceType && c.Status == DataConnectionStatus.Linked);
    }

    public static LinkRefusal OneOfAKind(IntegrationDefinition integration, ConnectionEntity rival) => new(
        StatusCodes.Status409Conflict,
        $"Already connected to {rival.PlatformName}",
        $"This company is already connected to {rival.PlatformName}, and a company connects one {SharedData.Heading(rival.SourceType).ToLowerInvariant()} platform. " +
        $"To connect {integration.Name} instead, {rival.PlatformName} must be disconnected first: ask whoever sent you this link.");

    /// <summary>Authorizes the link's connection only if its status and credentials are still as the link found them: a link links once.</summary>
    public Task<ConnectionEntity> AuthorizeAsync(OpenedLink link, Dictionary<string, string> credentials, CancellationToken cancellationToken) =>
        connections.AuthorizeAsync(link.Claims!.Connection, credentials, VersionGuard.Authorization(link.Claims.AuthorizationVersion), cancellationToken);
}
