using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="ConnectionsClient.CreateAsync"/>.
/// </summary>
public class CreateConnectionRequest
{
    /// <summary>The company's identifier, for example <c>8a210b68-6988-11ed-a1eb-0242ac120002</c>.</summary>
    public required string CompanyId { get; set; }

    /// <summary>The body: which platform to connect.</summary>
    public required CreateConnectionRequestBody RequestBody { get; set; }
}
