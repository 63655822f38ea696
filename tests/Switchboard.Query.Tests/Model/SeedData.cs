using System.Globalization;

namespace Switchboard.Query.Tests.Model;

/// <summary>
/// A small, fixed data set. Every call makes new objects, so each database and each in-memory
/// run owns its data. Rows are named by number: connection 3 has id <c>ConnectionId(3)</c>.
/// </summary>
public static class SeedData
{
    public static Guid ConnectionId(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:D12}", CultureInfo.InvariantCulture);

    public static Guid CompanyId(int n) => Guid.Parse($"00000000-0000-0000-0001-{n:D12}", CultureInfo.InvariantCulture);

    private static readonly string[] IntegrationKeys = ["gbol", "mqjo", "akxx", "dfxm", "pqsw", "exps", "oth1"];

    public static Guid IntegrationId(string key) =>
        Guid.Parse($"ee2eb431-c0fa-4dc9-93fa-{Array.IndexOf(IntegrationKeys, key) + 1:D12}", CultureInfo.InvariantCulture);

    public static DateTime Utc(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static List<TestCompany> Companies()
    {
        var companies = new List<TestCompany>
        {
            new() { Id = CompanyId(1), Name = "Acme Ltd", Description = "Widgets & gadgets", Created = Utc("2024-01-10T09:00:00Z"), Employees = 50, Revenue = 1250000.50m, IsSandbox = false, Score = 4.5 },
            new() { Id = CompanyId(2), Name = "Beta Corp", Description = null, Created = Utc("2024-01-15T00:00:00Z"), Employees = 5, Revenue = 0m, IsSandbox = true, Score = null },
            new() { Id = CompanyId(3), Name = "Gamma (UK) Ltd.", Description = "Second-hand: books, maps", Created = Utc("2024-02-29T12:00:00Z"), Employees = 1200, Revenue = 99.99m, IsSandbox = false, Score = 3.25 },
            new() { Id = CompanyId(4), Name = "delta", Description = string.Empty, Created = Utc("2025-01-01T00:00:00Z"), Employees = 0, Revenue = -10m, IsSandbox = true, Score = 5 },
        };
        foreach (var connection in Connections())
        {
            companies.Single(c => c.Id == connection.CompanyId).Connections.Add(connection);
        }

        return companies;
    }

    public static List<TestConnection> Connections() =>
    [
        Connection(1, company: 1, "gbol", SourceType.Accounting, "Sage 50 (UK)", ConnectionStatus.Linked, "2024-01-15T10:00:00Z", "2024-02-01T08:30:00Z"),
        Connection(2, company: 1, "mqjo", SourceType.Banking, "Plaid", ConnectionStatus.PendingAuth, "2024-01-15T23:59:59Z", null),
        Connection(3, company: 2, "akxx", SourceType.Accounting, "Xero", ConnectionStatus.Linked, "2024-01-16T00:00:00Z", "2024-01-16T12:00:00Z"),
        Connection(4, company: 2, "dfxm", SourceType.Commerce, "Shopify", ConnectionStatus.Unlinked, "2024-03-01T12:00:00Z", "2024-03-02T00:00:00Z"),
        Connection(5, company: 3, "pqsw", SourceType.BankFeed, "Lloyds & Co. Bank-Feed", ConnectionStatus.Deauthorized, "2023-12-31T23:59:59.999Z", null),
        Connection(6, company: 3, "gbol", SourceType.Accounting, "Sage 50 (UK)", ConnectionStatus.Linked, "2024-06-30T15:45:00Z", "2024-07-01T00:00:00Z"),
        Connection(7, company: 3, "exps", SourceType.Expense, "Expensify: Teams", ConnectionStatus.PendingAuth, "2024-01-14T00:00:00Z", null),
        Connection(8, company: 1, "oth1", SourceType.Other, "QuickBooks Online Sandbox", ConnectionStatus.Linked, "2025-02-28T09:00:00Z", "2025-03-01T10:00:00Z"),
    ];

    private static TestConnection Connection(
        int n,
        int company,
        string key,
        SourceType sourceType,
        string platformName,
        ConnectionStatus status,
        string created,
        string? lastSync) => new()
        {
            Id = ConnectionId(n),
            CompanyId = CompanyId(company),
            IntegrationKey = key,
            IntegrationId = IntegrationId(key),
            SourceId = Guid.Parse($"00000000-0000-0000-0003-{n:D12}", CultureInfo.InvariantCulture),
            SourceType = sourceType,
            PlatformName = platformName,
            Status = status,
            Created = Utc(created),
            LastSync = lastSync is null ? null : Utc(lastSync),
        };
}
