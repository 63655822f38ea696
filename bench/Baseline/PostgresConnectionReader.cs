using System.Data.Common;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Switchboard.Bench.Baseline;

/// <summary>
/// Reads one connection by primary key and company id with plain Npgsql: one <see cref="NpgsqlDataSource"/> built
/// from the connection string Switchboard gets, with the same pool settings (<c>Max Auto Prepare=64</c> unless the
/// string sets it, as the server's <c>WithAutoPrepare</c> does), a pooled connection and a command per request
/// (Npgsql prepares it per physical connection by itself). GUIDs are uuid, times timestamptz, JSON columns text.
/// </summary>
public sealed class PostgresConnectionReader : IAsyncDisposable
{
    private const string Sql =
        "SELECT integration_id, integration_key, source_id, source_type, platform_name, status, created, last_sync, authorization_keys, authorized, errors " +
        "FROM connections WHERE id = $1 AND company_id = $2";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresConnectionReader(string connectionString) => _dataSource = NpgsqlDataSource.Create(WithAutoPrepare(connectionString));

    public async Task<ConnectionDto?> ReadAsync(Guid companyId, Guid id, string baseUrl, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = companyId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var authorized = reader.IsDBNull(9) ? (DateTime?)null : reader.GetDateTime(9);
        return new ConnectionDto(
            id,
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetGuid(2),
            reader.GetString(3),
            reader.GetString(4),
            $"{baseUrl}/link/companies/{companyId}/connections/{id}/start",
            reader.GetString(5),
            reader.IsDBNull(7) ? null : reader.GetDateTime(7),
            reader.GetDateTime(6),
            WireErrors.From(reader.GetString(10), authorized),
            authorized is null ? null : new ConnectionInfoDto(JsonSerializer.Deserialize(reader.GetString(8), BaselineJson.Default.ListString) ?? [], authorized));
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>The server's rule (PersistenceExtensions.WithAutoPrepare): Max Auto Prepare=64 unless the string sets it.</summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ToString();
    }
}
