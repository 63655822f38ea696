namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="CompaniesClient.DeleteAsync"/>.
/// </summary>
public class DeleteCompanyResponse : SwitchboardResponse;
