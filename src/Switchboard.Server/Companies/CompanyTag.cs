namespace Switchboard.Server.Companies;

/// <summary>One tag of a company, a row of its own so the <c>tags</c> filter runs in the database.</summary>
public sealed class CompanyTag
{
    public Guid CompanyId { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
}
