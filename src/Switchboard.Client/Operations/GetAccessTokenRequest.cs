namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="ConnectionsClient.GetAccessTokenAsync"/>.
/// </summary>
public class GetAccessTokenRequest
{
    /// <summary>The company's identifier, for example <c>8a210b68-6988-11ed-a1eb-0242ac120002</c>.</summary>
    public required string CompanyId { get; set; }

    /// <summary>The connection's identifier, for example <c>2e9d2c44-f675-40ba-8049-353bfcb5e171</c>.</summary>
    public required string ConnectionId { get; set; }
}
