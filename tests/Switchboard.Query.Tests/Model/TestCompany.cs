namespace Switchboard.Query.Tests.Model;

/// <summary>Shaped like the server's company entity, plus number and boolean fields.</summary>
public sealed class TestCompany
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public DateTime Created { get; set; }

    public int Employees { get; set; }

    public decimal Revenue { get; set; }

    public bool IsSandbox { get; set; }

    public double? Score { get; set; }

    public ICollection<TestConnection> Connections { get; set; } = [];
}
