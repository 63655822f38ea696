namespace Switchboard.Client.Tests.Infrastructure;

/// <summary>
/// Wire bodies as the server writes them.
/// </summary>
public static class Payloads
{
    public const string Connection = """
        {
          "id": "2e9d2c44-f675-40ba-8049-353bfcb5e171",
          "integrationId": "bf083d72-62c7-493e-aec9-81b4dbba7e2c",
          "integrationKey": "gbol",
          "sourceId": "bdd831ce-eebd-4896-89a7-20e5ee8989ee",
          "platformName": "Xero",
          "linkUrl": "https://switchboard.test/link/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171/start",
          "status": "PendingAuth",
          "created": "2026-11-27T10:15:30.123Z",
          "sourceType": "Accounting"
        }
        """;

    public const string Company = """
        {
          "id": "8a210b68-6988-11ed-a1eb-0242ac120002",
          "name": "Toft stores",
          "description": "Requested early access",
          "redirect": "https://switchboard.test/link/companies/8a210b68-6988-11ed-a1eb-0242ac120002",
          "created": "2026-11-27T10:15:30.123Z",
          "products": [],
          "tags": { "region": "uk" }
        }
        """;

    public static string Error(int status, string message, string correlationId = "bc997528a9d7abb9161ef45f05d38599") => $$"""
        {
          "statusCode": {{status}},
          "service": "PublicApi",
          "error": "{{message}}",
          "correlationId": "{{correlationId}}",
          "canBeRetried": "{{(status is 429 or 503 ? "True" : status < 500 ? "False" : "Unknown")}}",
          "detailedErrorCode": 0
        }
        """;

    /// <summary>A page of connections with the given ids and, when <paramref name="next"/> is set, a next link.</summary>
    public static string ConnectionsPage(int pageNumber, int pageSize, int totalResults, string? next, params string[] ids)
    {
        var results = string.Join(",", ids.Select(id => $$"""{"id":"{{id}}","integrationId":"i","sourceId":"s","platformName":"Sandbox","linkUrl":"https://x","status":"Linked","created":"2026-11-27T10:15:30Z","sourceType":"Accounting"}"""));
        var nextLink = next is null ? string.Empty : $$""", "next": { "href": "{{next}}" }""";
        return $$"""
            {
              "results": [{{results}}],
              "pageNumber": {{pageNumber}},
              "pageSize": {{pageSize}},
              "totalResults": {{totalResults}},
              "_links": {
                "self": { "href": "/companies/{{TestClient.CompanyId}}/connections" },
                "current": { "href": "/companies/{{TestClient.CompanyId}}/connections?page={{pageNumber}}&pageSize={{pageSize}}" }{{nextLink}}
              }
            }
            """;
    }
}
