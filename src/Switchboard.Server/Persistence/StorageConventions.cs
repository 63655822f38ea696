using System.Text;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Persistence;

/// <summary>
/// Naming and type mapping shared by every table, so the SQL migrations for each provider can be written
/// against one predictable schema: snake_case names, and each provider's stored form of times from
/// <see cref="SqlDialect"/>, the same one hand-written statements use.
/// </summary>
internal static class StorageConventions
{
    public static void Apply(ModelBuilder modelBuilder, string? providerName)
    {
        var dialect = providerName == "Microsoft.EntityFrameworkCore.Sqlite" ? SqlDialect.Sqlite : SqlDialect.Postgres;
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
                if (dialect.ConverterFor(property.ClrType) is { } converter)
                {
                    property.SetValueConverter(converter);
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
