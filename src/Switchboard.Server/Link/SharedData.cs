using Switchboard.Server.Integrations;

namespace Switchboard.Server.Link;

/// <summary>What a connection of each kind of platform shares, in the end user's words.</summary>
public static class SharedData
{
    public static IReadOnlyList<string> Of(SourceType sourceType) => sourceType switch
    {
        SourceType.Accounting => ["Company details and chart of accounts", "Invoices, bills, payments and credit notes", "Customers and suppliers", "Balance sheet and profit and loss"],
        SourceType.Banking => ["Bank accounts and balances", "Account transactions"],
        SourceType.BankFeed => ["The bank accounts you choose to feed", "Transactions sent to your accounting software"],
        SourceType.Commerce => ["Company and store details", "Orders, payments and refunds", "Products and customers"],
        SourceType.Expense => ["Expense transactions and receipts"],
        _ => ["The data this platform makes available"],
    };

    /// <summary>The heading of a kind of platform on the company page.</summary>
    public static string Heading(SourceType sourceType) => sourceType switch
    {
        SourceType.Accounting => "Accounting software",
        SourceType.Banking => "Bank accounts",
        SourceType.BankFeed => "Bank feeds",
        SourceType.Commerce => "Commerce and payments",
        SourceType.Expense => "Expense management",
        _ => "Other platforms",
    };
}
