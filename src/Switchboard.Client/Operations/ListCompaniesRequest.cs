namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="CompaniesClient.ListAsync"/> and <see cref="CompaniesClient.ListAllAsync"/>.
/// </summary>
public class ListCompaniesRequest : ListRequest
{
    /// <summary>A tag filter, for example <c>region=uk</c>.</summary>
    public string? Tags { get; set; }
}
