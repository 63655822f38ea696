using Microsoft.AspNetCore.Http;
using Switchboard.Server.Connections;
using Switchboard.Server.Integrations;

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
        "This link has already been used, or the connection has changed since it was made. Ask for a new link.");

    public async Task<OpenedLink> OpenAsync(string companyId, string connectionId, string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(token);
        if (claims is null
            || !Guid.TryParse(companyId, out var company) || claims.Connection.Company.Value != company
            || !Guid.TryParse(connectionId, out var id) || claims.Connection.Connection.Value != id)
        {
            return new OpenedLink(NotValid);
        }

        var connection = await store.FindAsync(claims.Connection, cancellationToken);
        var integration = connection is null ? null : catalog.Find(connection.IntegrationKey);
        if (connection is null || integration is null)
        {
            return new OpenedLink(NotValid);
        }

        if (connection.Status == DataConnectionStatus.Linked)
        {
            // A link never replaces a Linked connection's credentials.
            return new OpenedLink(new LinkRefusal(StatusCodes.Status200OK, "Already connected", $"{integration.Name} is already connected. Nothing needs to be done."));
        }

        if (connection.Version != claims.Version)
        {
            return new OpenedLink(Spent);
        }

        if (connection.Status != DataConnectionStatus.PendingAuth && claims.Purpose != LinkPurpose.Relink)
        {
            return new OpenedLink(new LinkRefusal(StatusCodes.Status403Forbidden, "Link not valid",
                $"This {integration.Name} connection was disconnected. To connect it again, ask for a new link."));
        }

        return new OpenedLink(null, claims, connection, integration);
    }

    /// <summary>Authorizes the link's connection only if it is still as the link found it: a link links once.</summary>
    public Task AuthorizeAsync(OpenedLink link, Dictionary<string, string> credentials, CancellationToken cancellationToken) =>
        connections.AuthorizeAsync(link.Claims!.Connection, credentials, ifMatch: [link.Claims.Version], cancellationToken);
}
