namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="CompaniesClient.GetAsync"/>.
/// </summary>
public class GetCompanyRequest
{
    /// <summary>The company's identifier, for example <c>8a210b68-6988-11ed-a1eb-0242ac120002</c>.</summary>
    public required string CompanyId { get; set; }
}
