using static Switchboard.Query.Tests.Model.SeedData;

namespace Switchboard.Query.Tests.Translation;

/// <summary>
/// Valid queries and the rows they select from <see cref="Model.SeedData"/>, by row number.
/// Every operator against every property type, precedence, braces, nesting, values with spaces
/// and punctuation, and properties of a collection.
/// </summary>
public static class FilterCases
{
    public static TheoryData<string, int[]> Connections { get; } = new()
    {
        // Enums: names case-insensitively; property names case-insensitively.
        { "status=Linked", [1, 3, 6, 8] },
        { "status=linked", [1, 3, 6, 8] },
        { "STATUS=LINKED", [1, 3, 6, 8] },
        { "status!=Linked", [2, 4, 5, 7] },
        { "sourceType=BankFeed", [5] },
        { "sourceType!=Accounting", [2, 4, 5, 7, 8] },
        { "sourceType=Unknown", [] },

        // Guids.
        { $"id={ConnectionId(3)}", [3] },
        { $"id={ConnectionId(3):N}", [3] },
        { $"integrationId={IntegrationId("gbol").ToString().ToUpperInvariant()}", [1, 6] },
        { $"id!={ConnectionId(3)}", [1, 2, 4, 5, 6, 7, 8] },
        { $"companyId={CompanyId(1)}", [1, 2, 8] },
        { $"integrationId={IntegrationId("gbol")}", [1, 6] },
        { $"sourceId={Guid.Empty}", [] },

        // Strings: = and != exact, ~ contains case-insensitively; values keep inner spaces and punctuation.
        { "platformName=Sage 50 (UK)", [1, 6] },
        { "  platformName  =   Sage 50 (UK)   ", [1, 6] },
        { "platformName=sage 50 (uk)", [] },
        { "platformName=Sage 50", [] },
        { "platformName!=Sage 50 (UK)", [2, 3, 4, 5, 7, 8] },
        { "platformName~sage", [1, 6] },
        { "platformName~SAGE 50 (", [1, 6] },
        { "platformName~& Co.", [5] },
        { "platformName~Expensify: Teams", [7] },
        { "platformName~Bank-Feed", [5] },
        { "platformName~a", [1, 2, 5, 6, 7, 8] },
        { "integrationKey=gbol", [1, 6] },

        // Dates without a time are whole UTC days.
        { "created=2024-01-15", [1, 2] },
        { "created!=2024-01-15", [3, 4, 5, 6, 7, 8] },
        { "created>2024-01-15", [3, 4, 6, 8] },
        { "created>=2024-01-15", [1, 2, 3, 4, 6, 8] },
        { "created<2024-01-15", [5, 7] },
        { "created<=2024-01-15", [1, 2, 5, 7] },
        { "created=2023-12-31", [5] },
        { "created<2024-01-01", [5] },

        // Dates with a time are instants; no offset means UTC; an offset is converted.
        { "created=2024-01-16T00:00:00Z", [3] },
        { "created=2024-01-16t00:00:00z", [3] },
        { "created=2024-01-16T00:00:00", [3] },
        { "created=2024-01-16T00:00", [3] },
        { "created=2024-01-16 00:00:00Z", [3] },
        { "created=2024-01-15T11:00:00+01:00", [1] },
        { "created=2023-12-31T23:59:59.999Z", [5] },
        { "created!=2024-01-16T00:00:00Z", [1, 2, 4, 5, 6, 7, 8] },
        { "created>2024-01-15T10:00:00Z", [2, 3, 4, 6, 8] },
        { "created>=2024-01-15T10:00:00Z", [1, 2, 3, 4, 6, 8] },
        { "created<2024-01-16T00:00:00Z", [1, 2, 5, 7] },
        { "created<=2024-01-16T01:00:00+01:00", [1, 2, 3, 5, 7] },

        // Nullable dates: = never matches null, != does; ordering comparisons never do.
        { "lastSync=2024-02-01", [1] },
        { "lastSync!=2024-02-01", [2, 3, 4, 5, 6, 7, 8] },
        { "lastSync>2024-01-31", [1, 4, 6, 8] },
        { "lastSync<2024-03-01", [1, 3] },
        { "lastSync<=2024-03-01", [1, 3] },
        { "lastSync>=2024-03-02", [4, 6, 8] },
        { "lastSync=2024-02-01T08:30:00Z", [1] },
        { "lastSync!=2024-02-01T08:30:00Z", [2, 3, 4, 5, 6, 7, 8] },

        // && binds tighter than ||; braces group; groups nest.
        { "status=Linked || status=PendingAuth && sourceType=Banking", [1, 2, 3, 6, 8] },
        { "status=PendingAuth && sourceType=Banking || status=Linked", [1, 2, 3, 6, 8] },
        { "{status=Linked || status=PendingAuth} && sourceType=Banking", [2] },
        { "status=Linked&&sourceType=Accounting", [1, 3, 6] },
        { "status=Deauthorized||status=Unlinked", [4, 5] },
        { "{ status = Linked }", [1, 3, 6, 8] },
        { "{{status=Linked}}", [1, 3, 6, 8] },
        { "{{status=Linked && {sourceType=Accounting || sourceType=Other}} || platformName=Plaid} && created<2025-01-01", [1, 2, 3, 6] },
        { "status=Linked && {created<2024-01-16 || created>2025-01-01} && platformName~s", [1, 8] },
        { "platformName=Sage 50 (UK) && status=Linked || platformName=Plaid", [1, 2, 6] },
    };

    public static TheoryData<string, int[]> Companies { get; } = new()
    {
        // Strings, nullable strings.
        { "name=Acme Ltd", [1] },
        { "name~ltd", [1, 3] },
        { "name~(UK) Ltd.", [3] },
        { "description=Widgets & gadgets", [1] },
        { "description~GADGETS", [1] },
        { "description~: books,", [3] },
        { "description!=Widgets & gadgets", [2, 3, 4] },

        // Integers.
        { "employees=50", [1] },
        { "employees!=0", [1, 2, 3] },
        { "employees>50", [3] },
        { "employees>=50", [1, 3] },
        { "employees<5", [4] },
        { "employees<=5", [2, 4] },
        { "employees>-1", [1, 2, 3, 4] },

        // Decimals.
        { "revenue=99.99", [3] },
        { "revenue!=0", [1, 3, 4] },
        { "revenue>99.98", [1, 3] },
        { "revenue>=0", [1, 2, 3] },
        { "revenue<0", [4] },
        { "revenue<=1250000.5", [1, 2, 3, 4] },
        { "revenue>1e3", [1] },

        // Booleans.
        { "isSandbox=true", [2, 4] },
        { "isSandbox=FALSE", [1, 3] },
        { "isSandbox!=true", [1, 3] },

        // Nullable doubles.
        { "score=4.5", [1] },
        { "score!=4.5", [2, 3, 4] },
        { "score>4", [1, 4] },
        { "score<=3.25", [3] },

        // Dates.
        { "created=2024-01-15", [2] },
        { "created>2024-01-15", [3, 4] },
        { "created=2024-02-29T12:00:00Z", [3] },

        // A collection: "has any connection where …".
        { "dataConnections.status=Linked", [1, 2, 3] },
        { "dataConnections.status=Deauthorized", [3] },
        { "dataConnections.sourceType=Commerce", [2] },
        { "dataConnections.platformName~sage", [1, 3] },
        { "dataConnections.status!=Linked", [1, 2, 3] },
        { "DataConnections.Status=linked && isSandbox=true", [2] },
        { "dataConnections.created<2024-01-01", [3] },
        { "dataConnections.lastSync>=2025-01-01", [1] },
        { $"dataConnections.id={ConnectionId(4)}", [2] },
        { "name=delta || dataConnections.sourceType=BankFeed", [3, 4] },
        { "dataConnections.status=Linked && dataConnections.sourceType=Banking", [1] },
        { "{dataConnections.status=Unlinked || employees>1000} && name~a", [2, 3] },
    };
}
