using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Switchboard.Server.Persistence;

/// <summary>
/// Naming and type mapping shared by every table, so the SQL migrations for each provider can be written
/// against one predictable schema: snake_case names, and on SQLite UTC timestamps as 100 ns ticks
/// (integers compare and sort correctly, which SQLite's text dates with offsets do not).
/// </summary>
internal static class StorageConventions
{
    private static readonly ValueConverter<DateTime, long> UtcTicks =
        new(v => v.ToUniversalTime().Ticks, v => new DateTime(v, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, long?> NullableUtcTicks =
        new(v => v.HasValue ? v.Value.ToUniversalTime().Ticks : null, v => v.HasValue ? new DateTime(v.Value, DateTimeKind.Utc) : null);

    public static void Apply(ModelBuilder modelBuilder, string? providerName)
    {
        var sqlite = providerName == "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
                if (!sqlite)
                {
                    continue;
                }

                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(UtcTicks);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(NullableUtcTicks);
                }
            }
        }
    }

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
