namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="ConnectionsClient.ListAsync"/> and <see cref="ConnectionsClient.ListAllAsync"/>.
/// </summary>
public class ListConnectionsRequest : ListRequest
{
    /// <summary>The company's identifier, for example <c>8a210b68-6988-11ed-a1eb-0242ac120002</c>.</summary>
    public required string CompanyId { get; set; }
}
