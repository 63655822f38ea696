using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="CompaniesClient.ReplaceAsync"/>.
/// </summary>
public class ReplaceCompanyRequest
{
    /// <summary>The company's identifier, for example <c>8a210b68-6988-11ed-a1eb-0242ac120002</c>.</summary>
    public required string CompanyId { get; set; }

    /// <summary>The company's new name, description and tags.</summary>
    public required CompanyRequestBody CompanyRequestBody { get; set; }
}
