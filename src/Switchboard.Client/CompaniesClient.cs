using Switchboard.Client.Internal;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client;

/// <summary>
/// Create and manage the companies whose platforms you connect.
/// </summary>
/// <remarks>
/// Every method can be overridden, so tests can mock this class. Error responses throw
/// <see cref="SwitchboardApiException"/>; answers that are not what the API promises throw
/// <see cref="SwitchboardUnexpectedResponseException"/>.
/// </remarks>
public class CompaniesClient
{
    private readonly SwitchboardPipeline? _pipeline;

    internal CompaniesClient(SwitchboardPipeline pipeline) => _pipeline = pipeline;

    /// <summary>Creates an instance for mocking; its methods must be overridden before use.</summary>
    protected CompaniesClient()
    {
    }

    private SwitchboardPipeline Pipeline => _pipeline ?? throw MockOnly.Exception();

    /// <summary>Creates a company.</summary>
    /// <param name="request">The company's name, and optionally its description and tags.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The new company.</returns>
    public virtual async Task<CreateCompanyResponse> CreateAsync(
        CompanyRequestBody request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = SwitchboardPipeline.Serialize(request, SwitchboardJsonContext.Default.CompanyRequestBody);
        var (response, company) = await SendAsync(HttpMethod.Post, "companies", body, retries, options, cancellationToken).ConfigureAwait(false);
        return new CreateCompanyResponse { Company = company }.From(response);
    }

    /// <summary>Lists one page of companies, optionally filtered and ordered.</summary>
    /// <param name="request">The page and its size, the query, the order and a tag filter.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The page of companies.</returns>
    public virtual async Task<ListCompaniesResponse> ListAsync(
        ListCompaniesRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = "companies" + Paths.ListQuery(request, request.Page, ("tags", request.Tags));
        var response = await Pipeline.SendAsync(HttpMethod.Get, path, null, retries, options, cancellationToken).ConfigureAwait(false);
        var page = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Companies, cancellationToken).ConfigureAwait(false);
        return new ListCompaniesResponse { Companies = page }.From(response);
    }

    /// <summary>
    /// Lists all companies that match the request, reading page after page (starting at
    /// <see cref="ListRequest.Page"/>, or 1) for as long as each page has a <c>next</c> link.
    /// Each page is read with <see cref="ListAsync"/>.
    /// </summary>
    /// <param name="request">The page size, the query, the order and a tag filter.</param>
    /// <param name="retries">Replaces the client's retry policy for each page.</param>
    /// <param name="options">The time limit and extra headers of each page's request.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <returns>The companies, in the order of the pages.</returns>
    public virtual IAsyncEnumerable<Company> ListAllAsync(
        ListCompaniesRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Pager.EnumerateAsync(
            request.Page,
            async (page, ct) =>
            {
                var pageRequest = new ListCompaniesRequest
                {
                    Page = page,
                    PageSize = request.PageSize,
                    Query = request.Query,
                    OrderBy = request.OrderBy,
                    Tags = request.Tags,
                };
                return (await ListAsync(pageRequest, retries, options, ct).ConfigureAwait(false)).Companies;
            },
            page => page.Results,
            cancellationToken);
    }

    /// <summary>Returns one company, with its connections. A deleted company answers 404.</summary>
    /// <param name="request">The company.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The company.</returns>
    public virtual async Task<GetCompanyResponse> GetAsync(
        GetCompanyRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (response, company) = await SendAsync(HttpMethod.Get, Paths.Company(request.CompanyId), null, retries, options, cancellationToken)
            .ConfigureAwait(false);
        return new GetCompanyResponse { Company = company }.From(response);
    }

    /// <summary>Replaces a company's name, description and tags (fields left out are cleared).</summary>
    /// <param name="request">The company and its new fields.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The company as replaced.</returns>
    public virtual async Task<ReplaceCompanyResponse> ReplaceAsync(
        ReplaceCompanyRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.CompanyRequestBody, "request.CompanyRequestBody");
        var body = SwitchboardPipeline.Serialize(request.CompanyRequestBody, SwitchboardJsonContext.Default.CompanyRequestBody);
        var (response, company) = await SendAsync(HttpMethod.Put, Paths.Company(request.CompanyId), body, retries, options, cancellationToken)
            .ConfigureAwait(false);
        return new ReplaceCompanyResponse { Company = company }.From(response);
    }

    /// <summary>Changes some of a company's fields; fields left null are kept.</summary>
    /// <param name="request">The company and the fields to change.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The company as changed.</returns>
    public virtual async Task<UpdateCompanyResponse> UpdateAsync(
        UpdateCompanyRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.CompanyUpdateRequest, "request.CompanyUpdateRequest");
        var body = SwitchboardPipeline.Serialize(request.CompanyUpdateRequest, SwitchboardJsonContext.Default.CompanyUpdateRequest);
        var (response, company) = await SendAsync(HttpMethod.Patch, Paths.Company(request.CompanyId), body, retries, options, cancellationToken)
            .ConfigureAwait(false);
        return new UpdateCompanyResponse { Company = company }.From(response);
    }

    /// <summary>Deletes a company and all its connections, for good. The server answers 204.</summary>
    /// <param name="request">The company.</param>
    /// <param name="retries">Replaces the client's retry policy for this call.</param>
    /// <param name="options">The time limit and extra headers of this call.</param>
    /// <param name="cancellationToken">Stops the call, including any wait between tries.</param>
    /// <returns>The status of the deletion.</returns>
    public virtual async Task<DeleteCompanyResponse> DeleteAsync(
        DeleteCompanyRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await Pipeline.SendAsync(HttpMethod.Delete, Paths.Company(request.CompanyId), null, retries, options, cancellationToken)
            .ConfigureAwait(false);
        await ResponseReader.ThrowIfErrorAsync(response, cancellationToken).ConfigureAwait(false);
        return new DeleteCompanyResponse().From(response);
    }

    private async Task<(HttpResponseMessage Response, Company Company)> SendAsync(
        HttpMethod method, string path, byte[]? body, RetryConfig? retries, RequestOptions? options, CancellationToken cancellationToken)
    {
        var response = await Pipeline.SendAsync(method, path, body, retries, options, cancellationToken).ConfigureAwait(false);
        var company = await ResponseReader.ReadJsonAsync(response, SwitchboardJsonContext.Default.Company, cancellationToken).ConfigureAwait(false);
        return (response, company);
    }
}
