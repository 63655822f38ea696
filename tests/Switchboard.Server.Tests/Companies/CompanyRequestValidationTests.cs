using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Companies;

/// <summary>Company bodies a client can get wrong: a 400 naming the field, and nothing stored or changed.</summary>
public sealed class CompanyRequestValidationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    /// <summary>Bodies invalid for create and replace, and the field the message must name.</summary>
    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "{}", "name" },
        { """{"name":""}""", "name" },
        { """{"name":"   "}""", "name" },
        { """{"name":null}""", "name" },
        { """{"name":5}""", "name" },
        { """{"name":["Acme"]}""", "name" },
        { """{"name":"Acme","description":5}""", "description" },
        { $$$"""{"name":"{{{new string('n', 201)}}}"}""", "name" },
        { $$$"""{"name":"Acme","description":"{{{new string('d', 4001)}}}"}""", "description" },
        { """{"name":"Acme","tags":"region=uk"}""", "tags" },
        { """{"name":"Acme","tags":{"region":5}}""", "region" },
        { """{"name":"Acme","tags":{"region":null}}""", "region" },
        { """{"name":"Acme","tags":{"":"empty name"}}""", "tag" },
        { $$$"""{"name":"Acme","tags":{"{{{new string('k', 28)}}}":"v"}}""", "tag" },
        { $$$"""{"name":"Acme","tags":{"k":"{{{new string('v', 101)}}}"}}""", "k" },
        { """{"name":"Acme","tags":{"1":"a","2":"b","3":"c","4":"d","5":"e","6":"f","7":"g","8":"h","9":"i","10":"j","11":"k"}}""", "tags" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_InvalidBody_Returns400NamingTheFieldAndStoresNothing(string body, string field)
    {
        using var tenant = await _server.CreateTenantClientAsync();

        var error = await (await tenant.SendAsync(HttpMethod.Post, "/companies", body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, error.Error(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await tenant.GetObjectAsync("/companies"))["totalResults"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Replace_InvalidBody_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        var (id, before) = await CompanyAsync();

        var error = await (await _server.Client.SendAsync(HttpMethod.Put, $"/companies/{id}", body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, error.Error(), StringComparison.OrdinalIgnoreCase);
        await AssertUnchangedAsync(id, before);
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Update_InvalidBody_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        if (body is "{}" or """{"name":null}""")
        {
            // PATCH leaves absent (or null) fields as they are: these two bodies are valid updates.
            body = """{"name":""}""";
        }

        var (id, before) = await CompanyAsync();

        var error = await (await _server.Client.SendAsync(HttpMethod.Patch, $"/companies/{id}", body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, error.Error(), StringComparison.OrdinalIgnoreCase);
        await AssertUnchangedAsync(id, before);
    }

    [Fact]
    public async Task Create_TenTagsWithLongestAllowedNamesAndValues_Succeeds()
    {
        var tags = new JsonObject();
        for (var i = 0; i < 10; i++)
        {
            tags[$"{i}{new string('k', 26)}"] = new string('v', 100);
        }

        var body = new JsonObject { ["name"] = "Acme", ["tags"] = tags }.ToJsonString();
        var company = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies", body)).ReadObjectAsync(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(tags, company["tags"]));
    }

    private async Task<(string Id, JsonObject Before)> CompanyAsync()
    {
        var created = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies",
            """{"name":"Before","description":"before","tags":{"a":"1"}}""")).ReadObjectAsync(HttpStatusCode.OK);
        return (created.Id(), await _server.Client.GetObjectAsync($"/companies/{created.Id()}"));
    }

    private async Task AssertUnchangedAsync(string id, JsonObject before)
    {
        var after = await _server.Client.GetObjectAsync($"/companies/{id}");
        Assert.True(JsonNode.DeepEquals(before, after), $"before {before}, after {after}");
    }
}
