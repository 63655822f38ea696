using Switchboard.Client.Internal;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client;

/// <summary>
/// Read the platforms companies can connect to, and their branding.
/// </summary>
/// <remarks>
/// Every method can be overridden, so tests can mock this class. Error responses throw
/// <see cref="SwitchboardApiException"/>; answers that are not what the API promises throw
/// <see cref="SwitchboardUnexpectedResponseException"/>.
/// </remarks>
public class IntegrationsClient
{
    private readonly SwitchboardPipeline? _pipeline;

    internal IntegrationsClient(SwitchboardPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Creates an instance for mocking; its methods must be overridden before use.</summary>
    protected IntegrationsClient()
    {
    }

    private SwitchboardPipeline Pipeline => _pipeline ?? throw MockOnly.Exception();

    /// <summary>Lists one page of integrations, optionally filtered and ordered.</summary>
    /// <param name="request">The page and its size, the query and the order.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The page of integrations.</returns>
    public virtual async Task<ListIntegrationsResponse> ListAsync(
        ListIntegrationsRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = "integrations" + Paths.ListQuery(request, request.Page);
        var response = await Pipeline.SendAsync(HttpMethod.Get, path, null, retries, options, cancellationToken).ConfigureAwait(false);
        var page = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Integrations, cancellationToken).ConfigureAwait(false);
        return new ListIntegrationsResponse { Integrations = page }.From(response);
    }

    /// <summary>
    /// Lists all integrations that match the request, reading page after page (starting at
    /// <see cref="ListRequest.Page"/>, or 1) for as long as each page has a <c>next</c> link.
    /// Each page is read with <see cref="ListAsync"/>.
    /// </summary>
    /// <param name="request">The page size, the query and the order.</param>
    /// <param name="retries">Replaces the client's retry policy for each page.</param>
    /// <param name="options">The time limit and extra headers of each page's request.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The integrations, in the order of the pages.</returns>
    public virtual IAsyncEnumerable<Integration> ListAllAsync(
        ListIntegrationsRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pager.EnumerateAsync(
            request.Page,
            async (page, ct) =>
            {
                var pageRequest = new ListIntegrationsRequest { Page = page, PageSize = request.PageSize, Query = request.Query, OrderBy = request.OrderBy };
                return (await ListAsync(pageRequest, retries, options, ct).ConfigureAwait(false)).Integrations;
            },
            page => page.Results,
            cancellationToken);
    }

    /// <summary>Returns one integration by its platform key.</summary>
    /// <param name="request">The platform key.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The integration.</returns>
    public virtual async Task<GetIntegrationResponse> GetAsync(
        GetIntegrationRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(HttpMethod.Get, Paths.Integration(request.PlatformKey), null, retries, options, cancellationToken)
            .ConfigureAwait(false);
        var integration = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Integration, cancellationToken).ConfigureAwait(false);
        return new GetIntegrationResponse { Integration = integration }.From(response);
    }

    /// <summary>Returns the logos and button images of an integration's platform.</summary>
    /// <param name="request">The platform key.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The branding.</returns>
    public virtual async Task<GetIntegrationBrandingResponse> GetBrandingAsync(
        GetIntegrationBrandingRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(
            HttpMethod.Get, Paths.Integration(request.PlatformKey) + "/branding", null, retries, options, cancellationToken).ConfigureAwait(false);
        var branding = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Branding, cancellationToken).ConfigureAwait(false);
        return new GetIntegrationBrandingResponse { Branding = branding }.From(response);
    }
}
