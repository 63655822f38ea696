using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Switchboard.Client.Models;
using Switchboard.Client.Tests.Contract.Host;

namespace Switchboard.Client.Tests.Contract;

/// <summary>
/// Every property of every SDK model is in the schema the server's generated OpenAPI document gives that model, so
/// the SDK and the server cannot drift apart unnoticed. Properties of Codat's API that Switchboard never sends are
/// listed below, each by name: a new gap fails here.
/// </summary>
[Trait("Category", "Contract")]
public sealed class SdkModelSchemaTests(SharedContractServer shared) : IClassFixture<SharedContractServer>
{
    /// <summary>The server's schema for an SDK model, where the names differ.</summary>
    private static readonly Dictionary<string, string> SchemaOf = new(StringComparer.Ordinal)
    {
        [nameof(PagingInfo)] = "Companies", // the base of every list; Companies stands for them all
    };

    /// <summary>Codat's properties (or models) that Switchboard does not serve, with why.</summary>
    private static readonly Dictionary<string, string> NotServed = new(StringComparer.Ordinal)
    {
        ["Company.createdByUserName"] = "companies are created through the API, never by a portal user",
        ["Company.referenceParentCompany"] = "no company hierarchies",
        ["Company.referenceSubsidiaryCompanies"] = "no company hierarchies",
        [nameof(CompanyReference)] = "no company hierarchies",
        [nameof(CompanyReferenceLinks)] = "no company hierarchies (and no portal)",
        ["DataTypeFeature.dataType"] = "datatypeFeatures is always empty: Switchboard reads no accounting data",
        ["DataTypeFeature.supportedFeatures"] = "datatypeFeatures is always empty: Switchboard reads no accounting data",
        [nameof(SupportedFeature)] = "datatypeFeatures is always empty: Switchboard reads no accounting data",
        [nameof(WebhookEvent)] = "a webhook body: sent to the consumer's URL, not answered by an endpoint",
        [nameof(ConnectionWebhookEvent)] = "a webhook body: sent to the consumer's URL, not answered by an endpoint",
        [nameof(CompanyWebhookEvent)] = "a webhook body: sent to the consumer's URL, not answered by an endpoint",
        [nameof(ConnectionWebhookPayload)] = "a webhook body: sent to the consumer's URL, not answered by an endpoint",
    };

    public static TheoryData<string> Models => [.. ModelTypes().Select(t => t.Name).Where(name => !NotServed.ContainsKey(name))];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task SdkModel_EveryPropertyIsInTheServersSchema(string model)
    {
        var document = JsonNode.Parse(await shared.Server.Server.Client.GetStringAsync("/openapi/v1.json", ContractServer.Ct))!;
        var schemaName = SchemaOf.GetValueOrDefault(model, model);
        var schema = document["components"]?["schemas"]?[schemaName]?["properties"]?.AsObject();
        Assert.True(schema is not null, $"The document has no schema {schemaName} for the SDK model {model}.");
        var type = ModelTypes().Single(t => t.Name == model);

        var missing = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(JsonName)
            .Where(name => !schema.ContainsKey(name) && !NotServed.ContainsKey($"{model}.{name}"))
            .ToList();

        Assert.True(missing.Count == 0, $"{model}: not in the server's schema {schemaName}: {string.Join(", ", missing)}");
    }

    [Fact]
    public void NotServedList_NamesOnlyExistingModelsAndProperties()
    {
        var names = ModelTypes().SelectMany(t => t.GetProperties().Select(p => $"{t.Name}.{JsonName(p)}").Append(t.Name)).ToHashSet(StringComparer.Ordinal);

        Assert.All(NotServed.Keys.Concat(SchemaOf.Keys), name => Assert.Contains(name, names));
    }

    private static IEnumerable<Type> ModelTypes() =>
        typeof(Company).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Company).Namespace && t.IsClass && t.IsPublic)
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
