using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// How each provider stores ids and times: on SQLite GUIDs as uppercase text and times as UTC ticks (integers
/// compare and sort correctly, which SQLite's text dates with offsets do not); on PostgreSQL <c>uuid</c> and
/// <c>timestamptz</c>. Written once, here: hand-written statements bind and read through these methods, and EF Core
/// maps its properties with <see cref="ConverterFor"/> (see <see cref="StorageConventions"/>).
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

    /// <summary>
    /// Whether a read-decide-write sequence must lock its rows (PostgreSQL, READ COMMITTED: <c>SELECT … FOR UPDATE</c>),
    /// or whether the write transaction already excludes every other writer (SQLite's <c>BEGIN IMMEDIATE</c>).
    /// </summary>
    public abstract bool LocksRows { get; }

    /// <summary>The converter EF Core stores a property of <paramref name="clrType"/> with, or null for the provider's own mapping.</summary>
    public virtual ValueConverter? ConverterFor(Type clrType) => null;

    private sealed class SqliteDialect : SqlDialect
    {
        private static readonly ValueConverter<DateTime, long> UtcTicks = new(v => ToTicks(v), v => FromTicks(v));

        private static readonly ValueConverter<DateTime?, long?> NullableUtcTicks =
            new(v => v.HasValue ? ToTicks(v.Value) : null, v => v.HasValue ? FromTicks(v.Value) : null);

        public override bool LocksRows => false;

        public override object Id(Guid value) => string.Create(36, value, static (span, id) =>
        {
            id.TryFormat(span, out _);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.ToUpperInvariant(span[i]);
            }
        });

        public override Guid ReadId(object stored) => Guid.Parse((string)stored);

        public override object Time(DateTime value) => ToTicks(value);

        public override DateTime ReadTime(DbDataReader reader, int ordinal) => FromTicks(reader.GetInt64(ordinal));

        public override string ContainsText(string text, string part) => $"instr({text}, {part}) > 0";

        public override ValueConverter? ConverterFor(Type clrType) =>
            clrType == typeof(DateTime) ? UtcTicks : clrType == typeof(DateTime?) ? NullableUtcTicks : null;

        private static long ToTicks(DateTime value) => value.ToUniversalTime().Ticks;

        private static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override bool LocksRows => true;

        public override object Id(Guid value) => value;

        public override Guid ReadId(object stored) => (Guid)stored;

        public override object Time(DateTime value) => value.ToUniversalTime();

        public override DateTime ReadTime(DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

        public override string ContainsText(string text, string part) => $"strpos({text}, {part}) > 0";
    }
}
