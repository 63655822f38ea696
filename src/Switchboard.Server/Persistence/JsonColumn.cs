using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Switchboard.Server.Persistence;

/// <summary>Stores a small object graph (tags, error history) as JSON text in one column.</summary>
internal static class JsonColumn
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property, JsonTypeInfo<T> typeInfo)
        where T : class, new()
    {
        var comparer = new ValueComparer<T>(
            (a, b) => Serialize(a, typeInfo) == Serialize(b, typeInfo),
            v => Serialize(v, typeInfo).GetHashCode(StringComparison.Ordinal),
            v => Deserialize(Serialize(v, typeInfo), typeInfo));
        property.HasConversion(v => Serialize(v, typeInfo), v => Deserialize(v, typeInfo), comparer);
        return property;
    }

    public static string Serialize<T>(T? value, JsonTypeInfo<T> typeInfo) =>
        value is null ? "null" : JsonSerializer.Serialize(value, typeInfo);

    /// <summary>The stored value; an empty or absent one (<c>[]</c> or <c>{}</c>, the usual cases) without running the parser.</summary>
    public static T Deserialize<T>(string? json, JsonTypeInfo<T> typeInfo)
        where T : class, new() =>
        json is null or "" or "[]" or "{}" ? new T() : JsonSerializer.Deserialize(json, typeInfo) ?? new T();
}
