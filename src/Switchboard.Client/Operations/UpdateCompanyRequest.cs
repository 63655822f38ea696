using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="CompaniesClient.UpdateAsync"/>.
/// </summary>
public class UpdateCompanyRequest
{
    /// <summary>The company's identifier, for example <c>8a210b68-6988-11ed-a1eb-0242ac120002</c>.</summary>
    public required string CompanyId { get; set; }

    /// <summary>The fields to change; fields left null are kept.</summary>
    public required CompanyUpdateRequest CompanyUpdateRequest { get; set; }
}
