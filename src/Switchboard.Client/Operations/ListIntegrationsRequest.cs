namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="IntegrationsClient.ListAsync"/> and <see cref="IntegrationsClient.ListAllAsync"/>.
/// </summary>
public class ListIntegrationsRequest : ListRequest;
