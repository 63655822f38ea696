namespace Switchboard.Query.Tests.Model;

/// <summary>Shaped like the server's connection entity.</summary>
public sealed class TestConnection
{
    public Guid Id { get; set; }

    public Guid CompanyId { get; set; }

    public string IntegrationKey { get; set; } = string.Empty;

    public Guid IntegrationId { get; set; }

    public Guid SourceId { get; set; }

    public SourceType SourceType { get; set; }

    public string PlatformName { get; set; } = string.Empty;

    public ConnectionStatus Status { get; set; }

    public DateTime Created { get; set; }

    public DateTime? LastSync { get; set; }
}
