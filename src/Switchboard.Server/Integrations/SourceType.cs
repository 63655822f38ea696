namespace Switchboard.Server.Integrations;

/// <summary>The kind of platform an integration connects to (OpenAPI <c>sourceType</c>).</summary>
public enum SourceType
{
    Accounting,
    Banking,
    BankFeed,
    Commerce,
    Expense,
    Other,
    Unknown,
}
