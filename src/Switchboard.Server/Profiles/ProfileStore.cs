using System.Data.Common;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Profiles;

/// <summary>Every statement on the <c>profiles</c> table, each bound to the tenant; nothing else reads or writes it.</summary>
internal sealed class ProfileStore(ReadPool reads, SqlDialect dialect)
{
    private const string Row = "tenant_id, name, logo_url, icon_url, redirect_url, white_list_urls, confirm_company_name, modified";

    private static readonly SqlStatement SelectOne = new($"SELECT {Row} FROM profiles WHERE tenant_id = @tenant");

    // One statement on both databases: a tenant's first PUT inserts, later ones replace.
    private static readonly SqlStatement Upsert = new(
        $"INSERT INTO profiles ({Row}) VALUES (@tenant, @name, @logo_url, @icon_url, @redirect_url, @white_list_urls, @confirm_company_name, @modified) " +
        "ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, logo_url = excluded.logo_url, icon_url = excluded.icon_url, " +
        "redirect_url = excluded.redirect_url, white_list_urls = excluded.white_list_urls, " +
        "confirm_company_name = excluded.confirm_company_name, modified = excluded.modified");

    /// <summary>The tenant's stored profile; null when it has never set one.</summary>
    public async Task<ProfileEntity?> FindAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        await using var reader = await lease.Command(SelectOne).Set("@tenant", dialect.Id(tenant.Value)).RunReaderAsync(cancellationToken);
        return await reader.NextRowAsync(cancellationToken) ? ReadRow(reader) : null;
    }

    public async Task SaveAsync(IWriteTransaction transaction, ProfileEntity profile, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(Upsert)
            .Set("@tenant", dialect.Id(profile.TenantId))
            .Set("@name", profile.Name)
            .Set("@logo_url", profile.LogoUrl)
            .Set("@icon_url", profile.IconUrl)
            .Set("@redirect_url", profile.RedirectUrl)
            .Set("@white_list_urls", JsonColumn.Serialize(profile.WhiteListUrls, StorageJsonContext.Default.ListString))
            .Set("@confirm_company_name", profile.ConfirmCompanyName)
            .Set("@modified", dialect.Time(profile.Modified));
        await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>The statements this store runs, for tests that check each is bound to the tenant.</summary>
    internal static IEnumerable<SqlStatement> Statements => [SelectOne, Upsert];

    private ProfileEntity ReadRow(DbDataReader reader) => new()
    {
        TenantId = dialect.ReadId(reader.GetValue(0)),
        Name = reader.GetString(1),
        LogoUrl = reader.IsDBNull(2) ? null : reader.GetString(2),
        IconUrl = reader.IsDBNull(3) ? null : reader.GetString(3),
        RedirectUrl = reader.GetString(4),
        WhiteListUrls = JsonColumn.Deserialize(reader.GetString(5), StorageJsonContext.Default.ListString),
        ConfirmCompanyName = reader.GetBoolean(6),
        Modified = dialect.ReadTime(reader, 7),
    };
}
