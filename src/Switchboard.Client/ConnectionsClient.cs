using Switchboard.Client.Internal;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client;

/// <summary>
/// Manage your companies' data connections: create, read, list, authorize, unlink and delete them.
/// </summary>
/// <remarks>
/// Every method can be overridden, so tests can mock this class. Each takes the operation's request,
/// an optional <see cref="RetryConfig"/> that replaces the client's default for this call, optional
/// <see cref="RequestOptions"/> (time limit, extra headers) and a <see cref="CancellationToken"/>.
/// Error responses throw <see cref="SwitchboardApiException"/>; answers that are not what the API
/// promises throw <see cref="SwitchboardUnexpectedResponseException"/>.
/// </remarks>
public class ConnectionsClient
{
    private readonly SwitchboardPipeline? _pipeline;

    internal ConnectionsClient(SwitchboardPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Creates an instance for mocking; its methods must be overridden before use.</summary>
    protected ConnectionsClient()
    {
    }

    private SwitchboardPipeline Pipeline => _pipeline ?? throw MockOnly.Exception();

    /// <summary>
    /// Creates a connection for the company to the platform with the given <c>platformKey</c>.
    /// The connection starts in <see cref="DataConnectionStatus.PendingAuth"/>; its <c>linkUrl</c> is the page
    /// where the company authorizes it. List the integrations for valid platform keys.
    /// </summary>
    /// <param name="request">The company and the body with the platform key.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The new connection.</returns>
    public virtual async Task<CreateConnectionResponse> CreateAsync(
        CreateConnectionRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestBody, "request.RequestBody");
        var body = SwitchboardPipeline.Serialize(request.RequestBody, SwitchboardJsonContext.Default.CreateConnectionRequestBody);
        var response = await Pipeline.SendAsync(HttpMethod.Post, Paths.Connections(request.CompanyId), body, retries, options, cancellationToken)
            .ConfigureAwait(false);
        var connection = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Connection, cancellationToken).ConfigureAwait(false);
        return new CreateConnectionResponse { Connection = connection }.From(response);
    }

    /// <summary>
    /// Revokes and removes a connection from a company. This cannot be undone: the company would need to
    /// authorize a new connection to share data again.
    /// </summary>
    /// <param name="request">The company and the connection.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The status of the deletion.</returns>
    public virtual async Task<DeleteConnectionResponse> DeleteAsync(
        DeleteConnectionRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(
            HttpMethod.Delete, Paths.Connection(request.CompanyId, request.ConnectionId), null, retries, options, cancellationToken).ConfigureAwait(false);
        await ResponseReader.ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        return new DeleteConnectionResponse().From(response);
    }

    /// <summary>
    /// Returns one connection of a company. A deleted company or connection answers 404.
    /// </summary>
    /// <param name="request">The company and the connection.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The connection.</returns>
    public virtual async Task<GetConnectionResponse> GetAsync(
        GetConnectionRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(
            HttpMethod.Get, Paths.Connection(request.CompanyId, request.ConnectionId), null, retries, options, cancellationToken).ConfigureAwait(false);
        var connection = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Connection, cancellationToken).ConfigureAwait(false);
        return new GetConnectionResponse { Connection = connection }.From(response);
    }

    /// <summary>
    /// Lists one page of a company's connections, optionally filtered and ordered.
    /// </summary>
    /// <param name="request">The company, the page and its size, the query and the order.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The page of connections.</returns>
    public virtual async Task<ListConnectionsResponse> ListAsync(
        ListConnectionsRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = Paths.Connections(request.CompanyId) + Paths.ListQuery(request, request.Page);
        var response = await Pipeline.SendAsync(HttpMethod.Get, path, null, retries, options, cancellationToken).ConfigureAwait(false);
        var page = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Connections, cancellationToken).ConfigureAwait(false);
        return new ListConnectionsResponse { Connections = page }.From(response);
    }

    /// <summary>
    /// Lists all of a company's connections that match the request, reading page after page (starting at
    /// <see cref="ListRequest.Page"/>, or 1) for as long as each page has a <c>next</c> link.
    /// Each page is read with <see cref="ListAsync"/>.
    /// </summary>
    /// <param name="request">The company, the page size, the query and the order.</param>
    /// <param name="retries">Replaces the client's retry policy for each page.</param>
    /// <param name="options">The time limit and extra headers of each page's request.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The connections, in the order of the pages.</returns>
    public virtual IAsyncEnumerable<Connection> ListAllAsync(
        ListConnectionsRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pager.EnumerateAsync(
            request.Page,
            async (page, ct) =>
            {
                var pageRequest = new ListConnectionsRequest
                {
                    CompanyId = request.CompanyId,
                    Page = page,
                    PageSize = request.PageSize,
                    Query = request.Query,
                    OrderBy = request.OrderBy,
                };
                return (await ListAsync(pageRequest, retries, options, ct).ConfigureAwait(false)).Connections;
            },
            page => page.Results,
            cancellationToken);
    }

    /// <summary>
    /// Unlinks a connection without deleting it: its stored credentials are destroyed, its data and
    /// metadata stay, and the company can authorize it again later. Unlinking an unlinked connection
    /// returns it unchanged; only a <see cref="DataConnectionStatus.Linked"/> one can be unlinked.
    /// </summary>
    /// <param name="request">The company, the connection and the body (status <c>Unlinked</c>).</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The unlinked connection.</returns>
    public virtual async Task<UnlinkConnectionResponse> UnlinkAsync(
        UnlinkConnectionRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = SwitchboardPipeline.Serialize(
            request.UpdateConnectionStatus ?? new UpdateConnectionStatus(), SwitchboardJsonContext.Default.UpdateConnectionStatus);
        var response = await Pipeline.SendAsync(
            HttpMethod.Patch, Paths.Connection(request.CompanyId, request.ConnectionId), body, retries, options, cancellationToken).ConfigureAwait(false);
        var connection = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Connection, cancellationToken).ConfigureAwait(false);
        return new UnlinkConnectionResponse { Connection = connection }.From(response);
    }

    /// <summary>
    /// Asks for a fresh link to the connection's authorization page (a Switchboard extension). Unlike the
    /// <c>linkUrl</c> every connection shows, it can also link an <see cref="DataConnectionStatus.Unlinked"/> or
    /// <see cref="DataConnectionStatus.Deauthorized"/> connection again; it links once, and expires. A
    /// <see cref="DataConnectionStatus.Linked"/> connection answers 409: a link never replaces its credentials.
    /// </summary>
    /// <param name="request">The company and the connection.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The link and when it expires.</returns>
    public virtual async Task<CreateLinkResponse> CreateLinkAsync(
        CreateLinkRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(
            HttpMethod.Post, Paths.Connection(request.CompanyId, request.ConnectionId) + "/link", null, retries, options, cancellationToken).ConfigureAwait(false);
        var link = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.ConnectionLink, cancellationToken).ConfigureAwait(false);
        return new CreateLinkResponse { ConnectionLink = link }.From(response);
    }

    /// <summary>
    /// The current access token of a <see cref="DataConnectionStatus.Linked"/> OAuth 2.0 connection (a Switchboard
    /// extension), refreshed first when it would expire within 60 seconds; concurrent callers on any server node share
    /// one refresh. A connection that is not Linked answers 409.
    /// </summary>
    /// <param name="request">The company and the connection.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The access token, its type, expiry and scopes, and the connection's non-secret facts.</returns>
    public virtual async Task<GetAccessTokenResponse> GetAccessTokenAsync(
        GetAccessTokenRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(
            HttpMethod.Post, Paths.Connection(request.CompanyId, request.ConnectionId) + "/accessToken", null, retries, options, cancellationToken).ConfigureAwait(false);
        var token = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.AccessToken, cancellationToken).ConfigureAwait(false);
        return new GetAccessTokenResponse { AccessToken = token }.From(response);
    }

    /// <summary>
    /// Updates a connection's authorization with the values its integration requires, which links it
    /// (from <c>PendingAuth</c>, or again from <c>Linked</c>, <c>Unlinked</c> or <c>Deauthorized</c>).
    /// The values are stored encrypted and never returned.
    /// </summary>
    /// <param name="request">The company, the connection and the authorization values.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The linked connection.</returns>
    public virtual async Task<UpdateConnectionAuthorizationResponse> UpdateAuthorizationAsync(
        UpdateConnectionAuthorizationRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = SwitchboardPipeline.Serialize(
            request.RequestBody ?? new Dictionary<string, string>(), SwitchboardJsonContext.Default.IDictionaryStringString);
        var response = await Pipeline.SendAsync(
            HttpMethod.Put, Paths.Connection(request.CompanyId, request.ConnectionId) + "/authorization", body, retries, options, cancellationToken)
            .ConfigureAwait(false);
        var connection = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Connection, cancellationToken).ConfigureAwait(false);
        return new UpdateConnectionAuthorizationResponse { Connection = connection }.From(response);
    }
}
