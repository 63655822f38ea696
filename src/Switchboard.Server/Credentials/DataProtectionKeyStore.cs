using System.Data.Common;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Switchboard.Server.Common;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Credentials;

/// <summary>
/// Every statement on <c>data_protection_keys</c>: ASP.NET Core Data Protection's key ring, kept in the database
/// every node shares, so an antiforgery token made by one node is accepted by all. Data Protection calls it
/// synchronously and rarely (when a node loads its key ring: at start, then about daily, and when it makes a key:
/// the first start, then every 90 days), so plain synchronous statements do. On SQLite a key written while this
/// process writes elsewhere waits in the busy timeout, as another process's writes would.
/// </summary>
/// <remarks>
/// Two nodes starting on an empty table at once may each make a key. Each reads the ring again after writing its own,
/// and for its first minutes Data Protection reloads the ring when a token names a key it does not know, so a node
/// accepts the other's tokens; the newest key then serves both.
/// </remarks>
internal sealed class DataProtectionKeyStore(DbDataSource dataSource, SqlDialect dialect, TimeProvider time) : IXmlRepository
{
    private static readonly SqlStatement Insert = new(
        "INSERT INTO data_protection_keys (id, name, xml, created) VALUES (@id, @name, @xml, @created)");

    private static readonly SqlStatement SelectAll = new("SELECT id, xml FROM data_protection_keys ORDER BY created, id");

    private static readonly SqlStatement ReplaceXml = new("UPDATE data_protection_keys SET xml = @xml WHERE id = @id AND xml = @old_xml");

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = dataSource.OpenConnection();
        using var command = SelectAll.CreateCommand(connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(1)));
        }

        return elements;
    }

    /// <summary>Every stored key as its row holds it (<c>credentials reencrypt</c>: a handful of rows, one key per 90 days).</summary>
    public async Task<List<StoredKey>> ListAsync(SqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(SelectAll);
        await using var reader = await command.RunReaderAsync(cancellationToken);
        var rows = new List<StoredKey>();
        while (await reader.NextRowAsync(cancellationToken))
        {
            rows.Add(new StoredKey(reader.GetValue(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>Replaces a key's XML if the row still holds what <paramref name="read"/> found (two re-encryptions at once: the first one's stands).</summary>
    public async Task ReplaceAsync(SqlTransaction transaction, StoredKey read, XElement element, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(ReplaceXml)
            .Set("@xml", element.ToString(SaveOptions.DisableFormatting))
            .Set("@id", read.Id)
            .Set("@old_xml", read.Xml);
        await command.RunNonQueryAsync(cancellationToken);
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = dataSource.OpenConnection();
        using var command = Insert.CreateCommand(connection)
            .Set("@id", dialect.Id(Guid.NewGuid()))
            .Set("@name", friendlyName)
            .Set("@xml", element.ToString(SaveOptions.DisableFormatting))
            .Set("@created", dialect.Time(time.UtcNow()));
        command.ExecuteNonQuery();
    }
}

/// <summary>A row of <c>data_protection_keys</c>: its id as the database returns it, and the key's XML.</summary>
internal sealed record StoredKey(object Id, string Xml);
