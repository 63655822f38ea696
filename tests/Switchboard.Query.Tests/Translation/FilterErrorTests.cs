using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Translation;

/// <summary>Well-formed queries that name unknown properties or give values of the wrong type.</summary>
public sealed class FilterErrorTests
{
    private const string Date = "a date (ISO 8601, e.g. 2024-01-31 or 2024-01-31T13:45:00Z)";
    private const string Statuses = "one of PendingAuth, Linked, Unlinked, Deauthorized";

    public static TheoryData<string, string, int, int> CompanyErrors { get; } = new()
    {
        { "foo=1", "Error parsing query - Could not resolve property foo on Company", 0, 3 },
        { "  Foo.Bar = 1", "Error parsing query - Could not resolve property Foo.Bar on Company", 2, 7 },
        { "dataConnections.foo=1", "Error parsing query - Could not resolve property dataConnections.foo on Company", 0, 19 },
        { "dataConnections=Linked", "Error parsing query - Could not resolve property dataConnections on Company", 0, 15 },
        { "name.first=x", "Error parsing query - Could not resolve property name.first on Company", 0, 10 },
        { "dataConnections.status.x=1", "Error parsing query - Could not resolve property dataConnections.status.x on Company", 0, 24 },
        { "created>abc", $"Error parsing query - Invalid value 'abc' for property 'created': expected {Date}.", 8, 3 },
        { "created=2024-13-01", $"Error parsing query - Invalid value '2024-13-01' for property 'created': expected {Date}.", 8, 10 },
        { "created=2024-1-5", $"Error parsing query - Invalid value '2024-1-5' for property 'created': expected {Date}.", 8, 8 },
        { "created=15/01/2024", $"Error parsing query - Invalid value '15/01/2024' for property 'created': expected {Date}.", 8, 10 },
        { "created=2024-01-15T25:00", $"Error parsing query - Invalid value '2024-01-15T25:00' for property 'created': expected {Date}.", 8, 16 },
        { "id=abc", "Error parsing query - Invalid value 'abc' for property 'id': expected a GUID (e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6).", 3, 3 },
        { "employees=1.5", "Error parsing query - Invalid value '1.5' for property 'employees': expected a whole number between -2147483648 and 2147483647.", 10, 3 },
        { "employees=2147483648", "Error parsing query - Invalid value '2147483648' for property 'employees': expected a whole number between -2147483648 and 2147483647.", 10, 10 },
        { "employees=1,000", "Error parsing query - Invalid value '1,000' for property 'employees': expected a whole number between -2147483648 and 2147483647.", 10, 5 },
        { "revenue=ten", "Error parsing query - Invalid value 'ten' for property 'revenue': expected a number (e.g. 12.5).", 8, 3 },
        { "score=NaN", "Error parsing query - Invalid value 'NaN' for property 'score': expected a number (e.g. 12.5).", 6, 3 },
        { "score>1e999", "Error parsing query - Invalid value '1e999' for property 'score': expected a number (e.g. 12.5).", 6, 5 },
        { "isSandbox=yes", "Error parsing query - Invalid value 'yes' for property 'isSandbox': expected true or false.", 10, 3 },
        { "isSandbox=1", "Error parsing query - Invalid value '1' for property 'isSandbox': expected true or false.", 10, 1 },
        { "dataConnections.status=Flying", $"Error parsing query - Invalid value 'Flying' for property 'dataConnections.status': expected {Statuses}.", 23, 6 },
        { "name>a", "Error parsing query - Invalid operator '>' for property 'name' with value 'a': expected one of =, !=, ~.", 4, 1 },
        { "isSandbox>=true", "Error parsing query - Invalid operator '>=' for property 'isSandbox' with value 'true': expected one of =, !=.", 9, 2 },
        { "employees~5", "Error parsing query - Invalid operator '~' for property 'employees' with value '5': expected one of =, !=, >, <, >=, <=.", 9, 1 },
        { "created~2024", "Error parsing query - Invalid operator '~' for property 'created' with value '2024': expected one of =, !=, >, <, >=, <=.", 7, 1 },
        { "id<abc", "Error parsing query - Invalid operator '<' for property 'id' with value 'abc': expected one of =, !=.", 2, 1 },
    };

    public static TheoryData<string, string> ConnectionEnumErrors { get; } = new()
    {
        { "status=Flying", $"Error parsing query - Invalid value 'Flying' for property 'status': expected {Statuses}." },
        { "status=1", $"Error parsing query - Invalid value '1' for property 'status': expected {Statuses}." },
        { "status=Linked,Unlinked", $"Error parsing query - Invalid value 'Linked,Unlinked' for property 'status': expected {Statuses}." },
        { "status~Link", "Error parsing query - Invalid operator '~' for property 'status' with value 'Link': expected one of =, !=." },
        { "status>Linked", "Error parsing query - Invalid operator '>' for property 'status' with value 'Linked': expected one of =, !=." },
        { "sourceType=Bank Feed", "Error parsing query - Invalid value 'Bank Feed' for property 'sourceType': expected one of Accounting, Banking, BankFeed, Commerce, Expense, Other, Unknown." },
    };

    [Theory]
    [MemberData(nameof(CompanyErrors))]
    public void ParseFilter_BadPropertyOrValue_ReportsExactMessageAndPosition(string query, string message, int position, int length)
    {
        var result = TestSchemas.Company.ParseFilter(query);

        Assert.False(result.Succeeded);
        Assert.Equal(message, result.Error!.Message);
        var diagnostic = Assert.Single(result.Error.Diagnostics);
        Assert.Equal((position, length), (diagnostic.Position, diagnostic.Length));
    }

    [Theory]
    [MemberData(nameof(ConnectionEnumErrors))]
    public void ParseFilter_BadEnumValueOrOperator_ReportsExactMessage(string query, string message)
    {
        var result = TestSchemas.Connection.ParseFilter(query);

        Assert.Equal(message, result.Error?.Message);
    }

    [Fact]
    public void ParseFilter_UnknownProperty_DiagnosticNamesPropertyAndPosition()
    {
        var result = TestSchemas.Connection.ParseFilter("status=Linked && colour=red");

        Assert.Equal(
            [new QueryDiagnostic(17, 6, "Could not resolve property 'colour' on Connection at position 17.")],
            result.Error!.Diagnostics);
    }

    [Fact]
    public void ParseFilter_InvalidValue_DiagnosticSaysWhatWasExpected()
    {
        var result = TestSchemas.Connection.ParseFilter("created>abc");

        Assert.Equal(
            [new QueryDiagnostic(8, 3, "Value 'abc' at position 8 is not valid for property 'created': expected a date (ISO 8601, e.g. 2024-01-31 or 2024-01-31T13:45:00Z).")],
            result.Error!.Diagnostics);
    }

    [Fact]
    public void ParseFilter_SeveralProblems_ReportsFirstAndListsAll()
    {
        var result = TestSchemas.Connection.ParseFilter("colour=red || {status=Flying && created~x}");

        Assert.Equal("Error parsing query - Could not resolve property colour on Connection", result.Error!.Message);
        Assert.Equal([0, 22, 39], result.Error.Diagnostics.Select(d => d.Position));
    }

    [Fact]
    public void ParseFilter_MalformedQuery_ReportsSyntaxErrorBeforeProperties()
    {
        var result = TestSchemas.Connection.ParseFilter("colour=red &&");

        Assert.Equal("Error parsing query - Malformed query.", result.Error?.Message);
    }

    [Fact]
    public void Value_OnFailedResult_Throws()
    {
        var result = TestSchemas.Connection.ParseFilter("colour=red");

        Assert.Throws<InvalidOperationException>(() => result.Value);
    }
}
