namespace Switchboard.Query.Tests.Model;

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
