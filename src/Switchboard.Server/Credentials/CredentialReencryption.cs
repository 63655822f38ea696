using System.Data.Common;
using System.Security.Cryptography;
using System.Xml.Linq;
using Switchboard.Server.Connections;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Webhooks;

namespace Switchboard.Server.Credentials;

/// <summary>
/// Re-encrypts every secret stored under the encryption key — connections' credentials (typed in, or OAuth 2.0 token
/// sets), webhook consumers' signing secrets (the current one and, during a rotation, the previous one) and the Link
/// pages' Data Protection keys — under the current key, so previous keys can be removed (the operator's
/// <c>credentials reencrypt</c>). It walks each tenant's connections, then its consumers, in id order, in batches of
/// one transaction each. A row is replaced only if it has not changed since it was read, so a concurrent authorize,
/// unlink or secret rotation on any node keeps its write (and what it wrote is under the current key already). Stopped
/// anywhere, it simply starts again: what is done is under the current key and is not read again.
/// </summary>
internal sealed class CredentialReencryption(
    DbDataSource dataSource, WriteGate writeGate, ConnectionStore connections, WebhookStore consumers, WebhookSecrets secrets, TenantStore tenants,
    DataProtectionKeyStore dataProtectionKeys, CredentialProtector protector)
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
            progress = await WalkAsync(
                after => connections.FindSealedByOtherKeyAsync(tenant, protector.CurrentKeyId, after, batchSize, cancellationToken),
                row => row.Connection.Connection.Value,
                (rows, sofar, transaction) => ReplaceCredentialsAsync(rows, sofar, transaction, cancellationToken),
                progress, report, cancellationToken, beforeWrite);
            progress = await WalkAsync(
                after => consumers.FindSealedByOtherKeyAsync(tenant, protector.CurrentKeyId, after, batchSize, cancellationToken),
                row => row.ConsumerId,
                (rows, sofar, transaction) => ReplaceSecretsAsync(rows, sofar, transaction, cancellationToken),
                progress, report, cancellationToken);
        }

        await ReplaceDataProtectionKeysAsync(cancellationToken);
        return progress;
    }

    /// <summary>
    /// The Link pages' Data Protection keys, in one transaction (a handful of rows), not counted in the progress (which
    /// counts what holds someone's data). One sealed under a key this server was not given is left as it is: Data
    /// Protection skips it and makes a new key, and without the key that sealed it nothing can recover it.
    /// </summary>
    private async Task ReplaceDataProtectionKeysAsync(CancellationToken cancellationToken)
    {
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await SqlTransaction.BeginAsync(dataSource, cancellationToken);
            foreach (var row in await dataProtectionKeys.ListAsync(transaction, cancellationToken))
            {
                var key = XElement.Parse(row.Xml);
                var sealedKey = key.Descendants(DataProtectionKeyEncryptor.ElementName).SingleOrDefault();
                var keyId = (string?)sealedKey?.Attribute(DataProtectionKeyEncryptor.KeyIdAttribute);
                if (sealedKey is null || keyId is null || keyId == protector.CurrentKeyId)
                {
                    continue;
                }

                if (Reseal(() => Resealed(Convert.FromBase64String(sealedKey.Value.Trim()), keyId)) is not { } ciphertext)
                {
                    continue;
                }

                sealedKey.ReplaceWith(DataProtectionKeyEncryptor.Sealed(ciphertext, protector.CurrentKeyId));
                await dataProtectionKeys.ReplaceAsync(transaction, row, key, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private byte[] Resealed(byte[] sealedKey, string keyId)
    {
        var plaintext = protector.Open(sealedKey, keyId, DataProtectionKeyEncryptor.AssociatedData);
        try
        {
            return protector.Seal(plaintext, DataProtectionKeyEncryptor.AssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Reads batches from a cursor until none is left, replacing each batch in a transaction of its own.</summary>
    private async Task<ReencryptionProgress> WalkAsync<TRow>(
        Func<Guid?, Task<List<TRow>>> read, Func<TRow, Guid> idOf, Func<List<TRow>, ReencryptionProgress, SqlTransaction, Task<ReencryptionProgress>> replace,
        ReencryptionProgress progress, Action<ReencryptionProgress>? report, CancellationToken cancellationToken, Func<IReadOnlyList<TRow>, Task>? beforeWrite = null)
    {
        Guid? after = null;
        while (await read(after) is { Count: > 0 } rows)
        {
            if (beforeWrite is not null)
            {
                await beforeWrite(rows);
            }

            using (await writeGate.EnterAsync(cancellationToken))
            {
                await using var transaction = await SqlTransaction.BeginAsync(dataSource, cancellationToken);
                progress = await replace(rows, progress, transaction);
                await transaction.CommitAsync(cancellationToken);
            }

            after = idOf(rows[^1]);
            report?.Invoke(progress);
        }

        return progress;
    }

    private async Task<ReencryptionProgress> ReplaceCredentialsAsync(
        List<SealedRow> rows, ReencryptionProgress progress, SqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            var scope = new CredentialScope(row.Connection.Tenant.Value, row.Connection.Company.Value, row.Connection.Connection.Value);
            if (Reseal(() => protector.Protect(protector.Unprotect(row.Ciphertext, row.KeyId, scope), scope)) is not { } ciphertext)
            {
                progress = progress with { Unreadable = progress.Unreadable + 1 };
                continue;
            }

            progress = Counted(progress, await connections.ReplaceSealedAsync(transaction, row, ciphertext, protector.CurrentKeyId, cancellationToken));
        }

        return progress;
    }

    private async Task<ReencryptionProgress> ReplaceSecretsAsync(
        List<SealedSecretRow> rows, ReencryptionProgress progress, SqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            foreach (var (previous, keyId, sealedSecret) in new[] { (false, row.KeyId, row.Secret), (true, row.PreviousKeyId, row.Previous) })
            {
                if (keyId is null || sealedSecret is null || keyId == protector.CurrentKeyId)
                {
                    continue;
                }

                var tenant = row.Tenant.Value;
                if (Reseal(() => secrets.Seal(tenant, row.ConsumerId, secrets.Unseal(tenant, row.ConsumerId, sealedSecret, keyId))) is not { } ciphertext)
                {
                    progress = progress with { Unreadable = progress.Unreadable + 1 };
                    continue;
                }

                progress = Counted(progress, await consumers.ReplaceSealedSecretAsync(
                    transaction, row.Tenant, row.ConsumerId, previous, sealedSecret, ciphertext, protector.CurrentKeyId, cancellationToken));
            }
        }

        return progress;
    }

    /// <summary>The secret sealed under the current key, or null when it is sealed under a key this server was not given (left as it is, and counted, so the operator can tell).</summary>
    private static byte[]? Reseal(Func<byte[]> reseal)
    {
        try
        {
            return reseal();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static ReencryptionProgress Counted(ReencryptionProgress progress, bool replaced) => replaced
        ? progress with { Reencrypted = progress.Reencrypted + 1 }
        : progress with { ChangedMeanwhile = progress.ChangedMeanwhile + 1 };
}
