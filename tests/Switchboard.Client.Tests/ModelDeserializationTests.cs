using System.Text.Json;
using Switchboard.Client.Internal;
using Switchboard.Client.Models;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class ModelDeserializationTests
{
    private static Connection ReadConnection(string json) => JsonSerializer.Deserialize(json, SwitchboardJsonContext.Default.Connection)!;

    [Fact]
    public void Connection_ReadsEveryField()
    {
        var connection = ReadConnection("""
            {
              "id": "2e9d2c44-f675-40ba-8049-353bfcb5e171",
              "integrationId": "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
              "integrationKey": "gbol",
              "sourceId": "bdd831ce-eebd-4896-89a7-20e5ee8989ee",
              "platformName": "Sandbox",
              "linkUrl": "https://switchboard.test/link/x/start",
              "status": "Linked",
              "lastSync": "2026-11-28T08:00:00Z",
              "created": "2026-11-27T10:15:30.123Z",
              "sourceType": "Accounting",
              "dataConnectionErrors": [
                { "statusCode": "401", "statusText": "Unauthorized", "errorMessage": "Token expired", "erroredOnUtc": "2026-11-28T09:00:00Z", "status": "Active" }
              ],
              "connectionInfo": { "suppliedKeys": ["clientId"], "region": "uk" }
            }
            """);

        Assert.Equal("2e9d2c44-f675-40ba-8049-353bfcb5e171", connection.Id);
        Assert.Equal("bf083d72-62c7-493e-aec9-81b4dbba7e2c", connection.IntegrationId);
        Assert.Equal("gbol", connection.IntegrationKey);
        Assert.Equal("bdd831ce-eebd-4896-89a7-20e5ee8989ee", connection.SourceId);
        Assert.Equal("Sandbox", connection.PlatformName);
        Assert.Equal("https://switchboard.test/link/x/start", connection.LinkUrl);
        Assert.Equal(DataConnectionStatus.Linked, connection.Status);
        Assert.Equal(SourceType.Accounting, connection.SourceType);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), connection.LastSync);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 15, 30, 123, TimeSpan.Zero), connection.Created);
        var error = Assert.Single(connection.DataConnectionErrors!);
        Assert.Equal("401", error.StatusCode);
        Assert.Equal("Token expired", error.ErrorMessage);
        Assert.Equal(DataConnectionErrorStatus.Active, error.Status);
        Assert.Null(error.ResolvedOnUtc);
        Assert.Equal("uk", connection.ConnectionInfo!["region"].GetString());
        Assert.Equal(JsonValueKind.Array, connection.ConnectionInfo["suppliedKeys"].ValueKind);
    }

    [Fact]
    public void Connection_OptionalFieldsMissing_AreNull()
    {
        var connection = ReadConnection(Payloads.Connection);

        Assert.Null(connection.LastSync);
        Assert.Null(connection.DataConnectionErrors);
        Assert.Null(connection.ConnectionInfo);
    }

    [Fact]
    public void UnknownEnumValues_FromANewerServer_AreKept()
    {
        var connection = ReadConnection("""{"id":"x","status":"Paused","sourceType":"Payroll","dataConnectionErrors":[{"status":"Snoozed"}]}""");

        Assert.Equal("Paused", connection.Status.ToString());
        Assert.NotEqual(DataConnectionStatus.Linked, connection.Status);
        Assert.Equal(new DataConnectionStatus("Paused"), connection.Status);
        Assert.Equal("Payroll", connection.SourceType.ToString());
        Assert.Equal("Snoozed", connection.DataConnectionErrors![0].Status.ToString());
    }

    [Fact]
    public void EnumValues_CompareIgnoringCase()
    {
        var connection = ReadConnection("""{"id":"x","status":"linked"}""");

        Assert.Equal(DataConnectionStatus.Linked, connection.Status);
        Assert.True(connection.Status == DataConnectionStatus.Linked);
        Assert.Equal(DataConnectionStatus.Linked.GetHashCode(), new DataConnectionStatus("LINKED").GetHashCode());
    }

    [Fact]
    public void EnumValues_ConvertFromStrings()
    {
        DataConnectionStatus status = "Deauthorized";

        Assert.Equal(DataConnectionStatus.Deauthorized, status);
        Assert.Equal(string.Empty, default(SourceType).ToString());
        Assert.Equal(
            ["Accounting", "Banking", "BankFeed", "Commerce", "Expense", "Other", "Unknown"],
            new[] { SourceType.Accounting, SourceType.Banking, SourceType.BankFeed, SourceType.Commerce, SourceType.Expense, SourceType.Other, SourceType.Unknown }
                .Select(s => s.ToString()));
    }

    [Fact]
    public void EnumOfTheWrongJsonKind_IsAParseError()
    {
        Assert.Throws<JsonException>(() => ReadConnection("""{"id":"x","status":3}"""));
    }

    [Theory]
    [InlineData("2026-11-27T10:15:30.123Z", 2026, 11, 27, 10, 15, 30, 123)]
    [InlineData("2026-11-27T10:15:30Z", 2026, 11, 27, 10, 15, 30, 0)]
    [InlineData("2026-11-27T10:15:30.1234567Z", 2026, 11, 27, 10, 15, 30, 123)]
    [InlineData("2026-11-27T10:15:30", 2026, 11, 27, 10, 15, 30, 0)]
    [InlineData("2026-11-27T11:15:30+01:00", 2026, 11, 27, 10, 15, 30, 0)]
    [InlineData("2026-11-27T05:15:30.5-05:00", 2026, 11, 27, 10, 15, 30, 500)]
    [InlineData("2026-11-27", 2026, 11, 27, 0, 0, 0, 0)]
    public void Timestamps_InAnyIso8601Shape_ReadAsUtc(string text, int year, int month, int day, int hour, int minute, int second, int millisecond)
    {
        var connection = ReadConnection($$"""{"id":"x","created":"{{text}}"}""");

        Assert.NotNull(connection.Created);
        Assert.Equal(TimeSpan.Zero, connection.Created.Value.Offset);
        var expected = new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        Assert.Equal(expected, connection.Created.Value.AddTicks(-(connection.Created.Value.Ticks % TimeSpan.TicksPerMillisecond)));
    }

    [Theory]
    [InlineData("""{"id":"x","lastSync":null}""")]
    [InlineData("""{"id":"x","lastSync":""}""")]
    [InlineData("""{"id":"x","lastSync":"not a date"}""")]
    public void Timestamps_NullEmptyOrUnreadable_AreNull(string json)
    {
        Assert.Null(ReadConnection(json).LastSync);
    }

    [Fact]
    public void UnknownProperties_AreIgnored()
    {
        var connection = ReadConnection("""{"id":"x","somethingNew":{"deep":[1,2]},"status":"Linked"}""");

        Assert.Equal(DataConnectionStatus.Linked, connection.Status);
    }

    [Fact]
    public void Connection_WritesCamelCaseUtcTimestampsAndOmitsNulls()
    {
        var json = JsonSerializer.Serialize(
            new Connection
            {
                Id = "x",
                Status = DataConnectionStatus.PendingAuth,
                SourceType = SourceType.BankFeed,
                Created = new DateTimeOffset(2026, 11, 27, 11, 15, 30, 123, TimeSpan.FromHours(1)),
            },
            SwitchboardJsonContext.Default.Connection);

        Assert.Equal("""{"id":"x","sourceType":"BankFeed","status":"PendingAuth","created":"2026-11-27T10:15:30.123Z"}""", json);
    }

    [Fact]
    public void Company_ReadsEveryField()
    {
        var company = JsonSerializer.Deserialize("""
            {
              "id": "8a210b68-6988-11ed-a1eb-0242ac120002",
              "name": "Toft stores",
              "description": "Requested early access",
              "redirect": "https://switchboard.test/link/companies/8a210b68",
              "lastSync": "2026-11-28T08:00:00Z",
              "created": "2026-11-27T10:15:30.123Z",
              "createdByUserName": "ops@example.com",
              "products": ["banking"],
              "tags": { "region": "uk" },
              "referenceParentCompany": { "id": "p", "name": "Parent", "links": { "portal": "https://portal/p" } },
              "referenceSubsidiaryCompanies": [],
              "dataConnections": [ { "id": "c1", "status": "Linked" } ]
            }
            """, SwitchboardJsonContext.Default.Company)!;

        Assert.Equal("Toft stores", company.Name);
        Assert.Equal("Requested early access", company.Description);
        Assert.Equal("https://switchboard.test/link/companies/8a210b68", company.Redirect);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero), company.LastSync);
        Assert.Equal("ops@example.com", company.CreatedByUserName);
        Assert.Equal(["banking"], company.Products!);
        Assert.Equal("uk", company.Tags!["region"]);
        Assert.Equal("https://portal/p", company.ReferenceParentCompany!.Links!.Portal);
        Assert.Empty(company.ReferenceSubsidiaryCompanies!);
        Assert.Equal(DataConnectionStatus.Linked, Assert.Single(company.DataConnections!).Status);
    }

    [Fact]
    public void Integration_ReadsFeatures()
    {
        var integration = JsonSerializer.Deserialize("""
            {
              "key": "gbol", "name": "Sandbox", "logoUrl": "https://x/l.png", "enabled": true,
              "sourceId": "s", "sourceType": "Accounting", "integrationId": "i",
              "isOfflineConnector": false, "isBeta": true, "dataProvidedBy": "Switchboard",
              "datatypeFeatures": [
                { "dataType": "invoices", "supportedFeatures": [ { "featureType": "Get", "featureState": "Release" }, { "featureType": "Teleport", "featureState": "Dreaming" } ] }
              ]
            }
            """, SwitchboardJsonContext.Default.Integration)!;

        Assert.True(integration.IsBeta);
        Assert.False(integration.IsOfflineConnector);
        var feature = Assert.Single(integration.DatatypeFeatures!);
        Assert.Equal("invoices", feature.DataType);
        Assert.Equal(FeatureType.Get, feature.SupportedFeatures![0].FeatureType);
        Assert.Equal(FeatureState.Release, feature.SupportedFeatures[0].FeatureState);
        Assert.Equal("Teleport", feature.SupportedFeatures[1].FeatureType.ToString());
    }

    [Fact]
    public void PagedList_ReadsLinks()
    {
        var page = JsonSerializer.Deserialize(
            Payloads.ConnectionsPage(1, 2, 5, $"/companies/{TestClient.CompanyId}/connections?page=2&pageSize=2", "a", "b"),
            SwitchboardJsonContext.Default.Connections)!;

        Assert.Equal(["a", "b"], page.Results.Select(c => c.Id));
        Assert.Equal(5, page.TotalResults);
        Assert.Equal($"/companies/{TestClient.CompanyId}/connections?page=2&pageSize=2", page.Links!.Next!.Href);
        Assert.Null(page.Links.Previous);
    }
}
