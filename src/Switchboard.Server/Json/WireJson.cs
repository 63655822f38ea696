using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Server.Json;

/// <summary>
/// The serializer settings of the wire: web defaults (camelCase, case-insensitive reading), enums by name,
/// nulls omitted (the official SDKs reject <c>"lastSync": null</c>), bounded depth, and readable text
/// (apostrophes in messages are not escaped; the body is always served as application/json).
/// </summary>
public static class WireJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter());
        options.MaxDepth = JsonLimits.MaxDepth;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    public static SwitchboardJsonContext Context { get; } = CreateContext();

    private static SwitchboardJsonContext CreateContext()
    {
        var options = new JsonSerializerOptions();
        Configure(options);
        return new SwitchboardJsonContext(options);
    }
}
