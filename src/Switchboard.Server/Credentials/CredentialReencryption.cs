using System.Data.Common;
using System.Security.Cryptography;
using Switchboard.Server.Connections;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Credentials;

/// <summary>
/// Re-encrypts every stored credential under the current key, so previous keys can be removed (the operator's
/// <c>credentials reencrypt</c>). It walks each tenant's connections in id order, in batches of one transaction
/// each. A row is replaced only if it has not changed since it was read, so a concurrent authorize or unlink on any
/// node keeps its write (and its credentials are under the current key already). Stopped anywhere, it simply
/// starts again: what is done is under the current key and is not read again.
/// </summary>
internal sealed class CredentialReencryption(
    DbDataSource dataSource, WriteGate writeGate, ConnectionStore connections, TenantStore tenants, CredentialProtector protector)
{
    /// <summary>Runs to the end, reporting after each batch; <paramref name="beforeWrite"/> lets tests act between a batch's read and its write.</summary>
    public async Task<ReencryptionProgress> RunAsync(
        int batchSize, Action<ReencryptionProgress>? report, CancellationToken cancellationToken, Func<IReadOnlyList<SealedRow>, Task>? beforeWrite = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var progress = new ReencryptionProgress(0, 0, 0);
        List<TenantId> all;
        await using (var transaction = await SqlTransaction.BeginAsync(dataSource, cancellationToken))
        {
            all = await tenants.ListAsync(transaction, cancellationToken);
        }

        foreach (var tenant in all)
        {
            Guid? after = null;
            while (true)
            {
                var rows = await connections.FindSealedByOtherKeyAsync(tenant, protector.CurrentKeyId, after, batchSize, cancellationToken);
                if (rows.Count == 0)
                {
                    break;
                }

                if (beforeWrite is not null)
                {
                    await beforeWrite(rows);
                }

                progress = await ReplaceAsync(rows, progress, cancellationToken);
                after = rows[^1].Connection.Connection.Value;
                report?.Invoke(progress);
            }
        }

        return progress;
    }

    private async Task<ReencryptionProgress> ReplaceAsync(List<SealedRow> rows, ReencryptionProgress progress, CancellationToken cancellationToken)
    {
        using var turn = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = await SqlTransaction.BeginAsync(dataSource, cancellationToken);
        foreach (var row in rows)
        {
            var scope = new CredentialScope(row.Connection.Tenant.Value, row.Connection.Company.Value, row.Connection.Connection.Value);
            byte[] ciphertext;
            try
            {
                ciphertext = protector.Protect(protector.Unprotect(row.Ciphertext, row.KeyId, scope), scope);
            }
            catch (CryptographicException)
            {
                // Sealed under a key this server was not given: left as it is, and counted, so the operator can tell.
                progress = progress with { Unreadable = progress.Unreadable + 1 };
                continue;
            }

            progress = await connections.ReplaceSealedAsync(transaction, row, ciphertext, protector.CurrentKeyId, cancellationToken)
                ? progress with { Reencrypted = progress.Reencrypted + 1 }
                : progress with { ChangedMeanwhile = progress.ChangedMeanwhile + 1 };
        }

        await transaction.CommitAsync(cancellationToken);
        return progress;
    }
}
