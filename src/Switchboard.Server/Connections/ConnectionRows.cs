using System.Data.Common;
using System.Globalization;
using Switchboard.Server.Integrations;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Connections;

/// <summary>
/// The connection statements on the hot paths (read one, create, authorize, unlink), hand-written so each request
/// is one statement: <c>INSERT … SELECT … WHERE EXISTS</c> checks the company as it inserts, and a guarded
/// <c>UPDATE … RETURNING</c> changes the row and reads it back at once. Every statement is bound to the tenant.
/// Columns and stored types are those of the EF Core model (<see cref="ConnectionEntityConfiguration"/>);
/// every API test runs them on both providers. Credentials are written here but never read back.
/// </summary>
internal static class ConnectionRows
{
    private const string Columns =
        "id, tenant_id, company_id, integration_key, integration_id, source_id, source_type, platform_name, status, " +
        "created, modified, last_sync, version, credential_key_id, authorization_keys, authorized, errors";

    private const string ThisConnection = "id = @id AND company_id = @company AND tenant_id = @tenant";

    public static readonly SqlStatement SelectOne = new(
        $"SELECT {Columns} FROM connections WHERE {ThisConnection}",
        "@id", "@company", "@tenant");

    public static readonly SqlStatement CompanyExists = new(
        "SELECT 1 FROM companies WHERE id = @company AND tenant_id = @tenant",
        "@company", "@tenant");

    /// <summary>
    /// A page of a company's connections and their count, for a filter and order written by
    /// <see cref="SqlQueryWriter"/> (whose parameters follow the fixed ones).
    /// </summary>
    public static (SqlStatement Page, SqlStatement Count) List(string? filter, string order, IEnumerable<string> filterParameters)
    {
        var where = "company_id = @company AND tenant_id = @tenant" + (filter is null ? "" : " AND " + filter);
        var parameters = filterParameters.ToArray();
        return (
            new SqlStatement($"SELECT {Columns} FROM connections WHERE {where} ORDER BY {order} LIMIT @take OFFSET @skip", ["@company", "@tenant", "@take", "@skip", .. parameters]),
            new SqlStatement($"SELECT COUNT(*) FROM connections WHERE {where}", ["@company", "@tenant", .. parameters]));
    }

    public static readonly SqlStatement SelectIntegrationKey = new(
        $"SELECT integration_key FROM connections WHERE {ThisConnection}",
        "@id", "@company", "@tenant");

    public static readonly SqlStatement Insert = new(
        "INSERT INTO connections (id, tenant_id, company_id, integration_key, integration_id, source_id, source_type, platform_name, " +
        "status, created, modified, version, authorization_keys, errors) " +
        "SELECT @id, @tenant, @company, @integration_key, @integration_id, @source_id, @source_type, @platform_name, " +
        "'PendingAuth', @now, @now, 1, '[]', '[]' " +
        "WHERE EXISTS (SELECT 1 FROM companies WHERE id = @company AND tenant_id = @tenant)",
        "@id", "@company", "@tenant", "@integration_key", "@integration_id", "@source_id", "@source_type", "@platform_name", "@now");

    // {0} is where an If-Match guard goes: versions are parsed numbers, written into the text as literals.
    private const string UnlinkTemplate =
        "UPDATE connections SET status = 'Unlinked', credentials = NULL, credential_key_id = NULL, modified = @now, version = version + 1 " +
        $"WHERE {ThisConnection} AND status = 'Linked'{{0}} RETURNING {Columns}";

    private const string AuthorizeTemplate =
        "UPDATE connections SET status = 'Linked', credentials = @credentials, credential_key_id = @key_id, " +
        "authorization_keys = @authorization_keys, authorized = @now, modified = @now, version = version + 1 " +
        $"WHERE {ThisConnection}{{0}} RETURNING {Columns}";

    private static readonly string[] UnlinkParameters = ["@id", "@company", "@tenant", "@now"];
    private static readonly string[] AuthorizeParameters = ["@id", "@company", "@tenant", "@now", "@credentials", "@key_id", "@authorization_keys"];
    private static readonly SqlStatement UnlinkAny = new(Guarded(UnlinkTemplate, null), UnlinkParameters);
    private static readonly SqlStatement AuthorizeAny = new(Guarded(AuthorizeTemplate, null), AuthorizeParameters);

    /// <summary>Linked → Unlinked, destroying the credentials; no row when the connection is not Linked (or If-Match fails).</summary>
    public static SqlStatement Unlink(IReadOnlyList<long>? ifMatch) =>
        ifMatch is null ? UnlinkAny : new(Guarded(UnlinkTemplate, ifMatch), UnlinkParameters);

    /// <summary>Any status → Linked with new credentials; no row only when If-Match fails.</summary>
    public static SqlStatement Authorize(IReadOnlyList<long>? ifMatch) =>
        ifMatch is null ? AuthorizeAny : new(Guarded(AuthorizeTemplate, ifMatch), AuthorizeParameters);

    public static DbCommand BindKey(this DbCommand command, SqlDialect dialect, Guid tenantId, Guid companyId, Guid connectionId) =>
        command.Bind(dialect.Id(connectionId), dialect.Id(companyId), dialect.Id(tenantId));

    /// <summary>Reads the row a <see cref="Columns"/> statement returned.</summary>
    public static ConnectionEntity Read(DbDataReader reader, SqlDialect dialect) => new()
    {
        Id = reader.GetGuid(0),
        TenantId = reader.GetGuid(1),
        CompanyId = reader.GetGuid(2),
        IntegrationKey = reader.GetString(3),
        IntegrationId = reader.GetGuid(4),
        SourceId = reader.GetGuid(5),
        SourceType = Enum.Parse<SourceType>(reader.GetString(6)),
        PlatformName = reader.GetString(7),
        Status = Enum.Parse<DataConnectionStatus>(reader.GetString(8)),
        Created = dialect.ReadTime(reader, 9),
        Modified = dialect.ReadTime(reader, 10),
        LastSync = dialect.ReadNullableTime(reader, 11),
        Version = reader.GetInt64(12),
        CredentialKeyId = reader.IsDBNull(13) ? null : reader.GetString(13),
        AuthorizationKeys = JsonColumn.Deserialize(reader.GetString(14), StorageJsonContext.Default.ListString),
        Authorized = dialect.ReadNullableTime(reader, 15),
        Errors = JsonColumn.Deserialize(reader.GetString(16), StorageJsonContext.Default.ListDataConnectionErrorRecord),
    };

    private static string Guarded(string template, IReadOnlyList<long>? versions) =>
        string.Format(CultureInfo.InvariantCulture, template, versions is null
            ? ""
            : " AND version IN (" + string.Join(", ", versions.Select(v => v.ToString(CultureInfo.InvariantCulture))) + ")");
}
