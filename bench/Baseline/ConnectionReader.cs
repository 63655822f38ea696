using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;

namespace Switchboard.Bench.Baseline;

/// <summary>The wire shape of a connection, as Switchboard answers it (nulls omitted).</summary>
public sealed record ConnectionDto(
    Guid Id,
    Guid IntegrationId,
    string IntegrationKey,
    Guid SourceId,
    string SourceType,
    string PlatformName,
    string LinkUrl,
    string Status,
    DateTime? LastSync,
    DateTime Created,
    IReadOnlyList<DataConnectionErrorDto>? DataConnectionErrors,
    ConnectionInfoDto? ConnectionInfo);

public sealed record ConnectionInfoDto(IReadOnlyList<string> AuthorizationKeys, DateTime? AuthorizedOnUtc);

public sealed record DataConnectionErrorDto(string? StatusCode, string? StatusText, string? ErrorMessage, DateTime ErroredOnUtc, string Status, DateTime? ResolvedOnUtc);

/// <summary>An error as the <c>errors</c> column stores it (a JSON array, camelCase).</summary>
public sealed record StoredError(string? StatusCode, string? StatusText, string? ErrorMessage, DateTime ErroredOnUtc, DateTime? ResolvedOnUtc);

/// <summary>The <c>errors</c> column in Switchboard's wire shape: omitted when empty; resolved once authorized again after it happened.</summary>
public static class WireErrors
{
    public static IReadOnlyList<DataConnectionErrorDto>? From(string json, DateTime? authorized)
    {
        if (json == "[]")
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize(json, BaselineJson.Default.ListStoredError);
        if (stored is null || stored.Count == 0)
        {
            return null;
        }

        var wire = new List<DataConnectionErrorDto>(stored.Count);
        foreach (var e in stored)
        {
            var resolved = e.ResolvedOnUtc ?? (authorized > e.ErroredOnUtc ? authorized : null);
            wire.Add(new DataConnectionErrorDto(e.StatusCode, e.StatusText, e.ErrorMessage, e.ErroredOnUtc, resolved is null ? "Active" : "Resolved", resolved));
        }

        return wire;
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConnectionDto))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<StoredError>))]
internal sealed partial class BaselineJson : JsonSerializerContext;

/// <summary>
/// Reads one connection by primary key with plain ADO.NET: a pool of open connections, each with its SELECT
/// prepared once, rented per request. GUIDs are uppercase text and times UTC ticks, as EF Core stores them.
/// </summary>
public sealed class ConnectionReader(string path)
{
    private const string Sql =
        "SELECT company_id, integration_id, integration_key, source_id, source_type, platform_name, status, created, last_sync, authorization_keys, authorized, errors " +
        "FROM connections WHERE id = $id";

    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();
    private readonly ConcurrentBag<Lease> _leases = [];

    public ConnectionDto? Read(Guid companyId, Guid id, string baseUrl)
    {
        if (!_leases.TryTake(out var lease))
        {
            lease = new Lease(_connectionString);
        }

        try
        {
            lease.Id.Value = id.ToString("D").ToUpperInvariant();
            using var reader = lease.Command.ExecuteReader();
            if (!reader.Read() || !Guid.TryParse(reader.GetString(0), out var company) || company != companyId)
            {
                return null;
            }

            var authorized = reader.IsDBNull(10) ? (DateTime?)null : new DateTime(reader.GetInt64(10), DateTimeKind.Utc);
            return new ConnectionDto(
                id,
                Guid.Parse(reader.GetString(1)),
                reader.GetString(2),
                Guid.Parse(reader.GetString(3)),
                reader.GetString(4),
                reader.GetString(5),
                $"{baseUrl}/link/companies/{companyId}/connections/{id}/start",
                reader.GetString(6),
                reader.IsDBNull(8) ? null : new DateTime(reader.GetInt64(8), DateTimeKind.Utc),
                new DateTime(reader.GetInt64(7), DateTimeKind.Utc),
                WireErrors.From(reader.GetString(11), authorized),
                authorized is null ? null : new ConnectionInfoDto(JsonSerializer.Deserialize(reader.GetString(9), BaselineJson.Default.ListString) ?? [], authorized));
        }
        finally
        {
            _leases.Add(lease);
        }
    }

    public static ConnectionDto Fixed(string baseUrl)
    {
        var company = Guid.Parse("019a6326-4ebf-78c3-b217-5738654c482c");
        var id = Guid.Parse("019a636d-42cf-7c2a-ba15-603f93c43700");
        return new ConnectionDto(
            id,
            Guid.Parse("4b8c6ecc-1fc0-5efc-86c7-9c157467f8f0"),
            "gbol",
            Guid.Parse("1439e52a-5120-5d81-b76d-4798af34a56c"),
            "Accounting",
            "Xero",
            $"{baseUrl}/link/companies/{company}/connections/{id}/start",
            "Linked",
            new DateTime(2026, 4, 15, 8, 23, 7, DateTimeKind.Utc),
            new DateTime(2026, 4, 13, 2, 49, 7, DateTimeKind.Utc),
            null,
            new ConnectionInfoDto(["accessToken", "refreshToken"], new DateTime(2026, 4, 13, 4, 25, 32, DateTimeKind.Utc)));
    }

    private sealed class Lease
    {
        public Lease(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            Command = connection.CreateCommand();
            Command.CommandText = Sql;
            Id = Command.Parameters.Add("$id", SqliteType.Text);
            Command.Prepare();
        }

        public SqliteCommand Command { get; }

        public SqliteParameter Id { get; }
    }
}
