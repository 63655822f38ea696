namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="CompaniesClient.DeleteAsync"/>.
/// </summary>
public class DeleteCompanyRequest
{
    /// <summary>The company's identifier, for example <c>8a210b68-6988-11ed-a1eb-0242ac120002</c>.</summary>
    public required string CompanyId { get; set; }
}
