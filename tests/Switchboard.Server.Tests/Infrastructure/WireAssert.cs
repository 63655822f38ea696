using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Checks of the wire contract that hold for every response, made on the JSON itself.</summary>
public static partial class WireAssert
{
    /// <summary>Fails on any <c>null</c> anywhere in the document: optional values are omitted, never null.</summary>
    public static void NoNulls(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case null:
                Assert.Fail($"The response has null at {path}; optional values must be omitted instead.");
                break;
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    NoNulls(value, $"{path}.{name}");
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    NoNulls(array[i], $"{path}[{i}]");
                }

                break;
        }
    }

    /// <summary>Every string in the document that looks like a date and time is UTC ISO 8601 ending in <c>Z</c>.</summary>
    public static void TimestampsAreUtc(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    TimestampsAreUtc(value, $"{path}.{name}");
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    TimestampsAreUtc(array[i], $"{path}[{i}]");
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && LooksLikeTimestamp().IsMatch(value.GetValue<string>()):
                Assert.True(IsoUtc().IsMatch(value.GetValue<string>()), $"{path} is '{value}', not a UTC timestamp ending in Z.");
                break;
        }
    }

    /// <summary>The object has exactly these properties (in any order), spelled and cased as given.</summary>
    public static void HasExactly(JsonObject obj, params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), obj.Select(p => p.Key).Order(StringComparer.Ordinal));

    /// <summary>A UTC ISO 8601 timestamp ending in <c>Z</c>; returns it parsed.</summary>
    public static DateTimeOffset UtcTimestamp(JsonNode? node)
    {
        Assert.NotNull(node);
        Assert.Equal(JsonValueKind.String, node.GetValueKind());
        var text = node.GetValue<string>();
        Assert.Matches(IsoUtc(), text);
        var parsed = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
        return parsed;
    }

    /// <summary>A JSON string holding a GUID; returns it.</summary>
    public static Guid GuidString(JsonNode? node)
    {
        Assert.NotNull(node);
        Assert.Equal(JsonValueKind.String, node.GetValueKind());
        Assert.True(Guid.TryParse(node.GetValue<string>(), out var id), $"'{node}' is not a GUID.");
        return id;
    }

    public static string Str(this JsonNode? node)
    {
        Assert.NotNull(node);
        Assert.Equal(JsonValueKind.String, node.GetValueKind());
        return node.GetValue<string>();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex IsoUtc();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex LooksLikeTimestamp();
}
