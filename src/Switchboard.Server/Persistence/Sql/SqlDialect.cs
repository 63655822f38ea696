using System.Data.Common;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// How each provider stores the values hand-written statements bind and read, matching what EF Core stores
/// (see <see cref="StorageConventions"/>): on SQLite GUIDs as uppercase text and times as UTC ticks; on
/// PostgreSQL <c>uuid</c> and <c>timestamptz</c>.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    public static SqlDialect For(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? Postgres : Sqlite;

    public abstract object Id(Guid value);

    /// <summary>An id as a scalar query returns it.</summary>
    public abstract Guid ReadId(object stored);

    public abstract object Time(DateTime value);

    public object Time(DateTime? value) => value is { } time ? Time(time) : DBNull.Value;

    public abstract DateTime ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Whether <paramref name="text"/> contains <paramref name="part"/>, as EF Core translates <c>string.Contains</c>.</summary>
    public abstract string ContainsText(string text, string part);

    public DateTime? ReadNullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    private sealed class SqliteDialect : SqlDialect
    {
        public override object Id(Guid value) => string.Create(36, value, static (span, id) =>
        {
            id.TryFormat(span, out _);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.ToUpperInvariant(span[i]);
            }
        });

        public override Guid ReadId(object stored) => Guid.Parse((string)stored);

        public override object Time(DateTime value) => value.ToUniversalTime().Ticks;

        public override DateTime ReadTime(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), DateTimeKind.Utc);

        public override string ContainsText(string text, string part) => $"instr({text}, {part}) > 0";
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override object Id(Guid value) => value;

        public override Guid ReadId(object stored) => (Guid)stored;

        public override object Time(DateTime value) => value.ToUniversalTime();

        public override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

        public override string ContainsText(string text, string part) => $"strpos({text}, {part}) > 0";
    }
}
