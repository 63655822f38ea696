using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Connections;
using Switchboard.Server.Credentials;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Webhooks;
using Xunit;

namespace Switchboard.Server.Tests.Credentials;

/// <summary>
/// Encryption key rotation, on whichever database the run uses: with the old key configured as a previous key,
/// <c>credentials reencrypt</c> puts every stored credential under the new key, a run stopped midway goes on where it
/// was, and a concurrent authorize keeps its write.
/// </summary>
public sealed class CredentialReencryptionTests
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Reencrypt_PutsEveryCredentialUnderTheNewKey_WhichAloneThenDecryptsThem()
    {
        await using var server = await RestartableServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:EncryptionKey"] = OldKey });
        var linked = await LinkConnectionsAsync(server, 5);
        await server.RestartAsync(Rotated);
        var oldKeyId = new EncryptionKey(Convert.FromBase64String(OldKey)).Id;
        Assert.All(await RowsAsync(server), row => Assert.Equal(oldKeyId, row.CredentialKeyId));

        var done = await Reencryption(server).RunAsync(batchSize: 2, report: null, CancellationToken.None);

        Assert.Equal(new ReencryptionProgress(5, 0, 0), done);
        var onlyNewKey = new CredentialProtector(new EncryptionKeyRing(Convert.FromBase64String(NewKey)));
        foreach (var row in await RowsAsync(server))
        {
            Assert.Equal(onlyNewKey.CurrentKeyId, row.CredentialKeyId);
            var values = onlyNewKey.Unprotect(row.Credentials!, row.CredentialKeyId!, new CredentialScope(row.TenantId, row.CompanyId, row.Id));
            Assert.Equal(linked[row.Id.ToString()], values["accessToken"]);
        }

        Assert.Equal(new ReencryptionProgress(0, 0, 0), await Reencryption(server).RunAsync(batchSize: 2, report: null, CancellationToken.None));
    }

    [Fact]
    public async Task Reencrypt_StoppedAfterItsFirstBatch_GoesOnWhereItWasWhenRunAgain()
    {
        await using var server = await RestartableServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:EncryptionKey"] = OldKey });
        await LinkConnectionsAsync(server, 5);
        await server.RestartAsync(Rotated);
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Reencryption(server).RunAsync(batchSize: 2, report: _ => stop.Cancel(), stop.Token));

        var newKeyId = new EncryptionKey(Convert.FromBase64String(NewKey)).Id;
        Assert.Equal(2, (await RowsAsync(server)).Count(r => r.CredentialKeyId == newKeyId));
        Assert.Equal(new ReencryptionProgress(3, 0, 0), await Reencryption(server).RunAsync(batchSize: 2, report: null, CancellationToken.None));
        Assert.All(await RowsAsync(server), row => Assert.Equal(newKeyId, row.CredentialKeyId));
    }

    [Fact]
    public async Task Reencrypt_NeverLosesAnAuthorizeMadeWhileItRuns()
    {
        await using var server = await RestartableServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:EncryptionKey"] = OldKey });
        var linked = await LinkConnectionsAsync(server, 3);
        await server.RestartAsync(Rotated);
        var rotatedBehindItsBack = linked.Keys.First();
        var changedOnce = false;

        var done = await Reencryption(server).RunAsync(batchSize: 10, report: null, CancellationToken.None, beforeWrite: async rows =>
        {
            // Between the batch's read and its write, another request authorizes one of its rows with new values.
            if (!changedOnce)
            {
                changedOnce = true;
                var row = rows.Single(r => r.Connection.Connection.Value.ToString() == rotatedBehindItsBack);
                var response = await server.Client.PutAsJsonAsync(
                    $"/companies/{row.Connection.Company}/connections/{row.Connection.Connection}/authorization",
                    new Dictionary<string, string> { ["accessToken"] = "authorized-meanwhile", ["refreshToken"] = "r" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        });

        Assert.Equal(new ReencryptionProgress(2, 1, 0), done);
        var protector = server.Services.GetRequiredService<CredentialProtector>();
        var kept = (await RowsAsync(server)).Single(r => r.Id.ToString() == rotatedBehindItsBack);
        Assert.Equal(protector.CurrentKeyId, kept.CredentialKeyId);
        Assert.Equal("authorized-meanwhile", protector.Unprotect(kept.Credentials!, kept.CredentialKeyId!, new CredentialScope(kept.TenantId, kept.CompanyId, kept.Id))["accessToken"]);
    }

    [Fact]
    public async Task Reencrypt_CoversWebhookSigningSecrets_SoDeliveriesStaySignedOnceTheOldKeyIsRetired()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await RestartableServer.StartAsync(Webhooks.Webhooks.QuickRetries(("Switchboard:EncryptionKey", OldKey)));
        var (rotatedId, firstSecret) = await server.Client.CreateConsumerAsync(receiver.Url, ["company.created"]);
        var (_, plainSecret) = await server.Client.CreateConsumerAsync(receiver.Url, ["company.created"]);
        // A consumer mid-rotation: its new secret and the previous one (still signing) are both stored, both under the old key.
        var secondSecret = (await (await server.Client.PostAsync($"/webhooks/{rotatedId}/secret/rotate", null)).ReadObjectAsync(HttpStatusCode.OK))["secret"]!
            .GetValue<string>();
        await LinkConnectionsAsync(server, 1);
        var companyId = (await receiver.NextAsync(2))[0].Payload["id"]!.GetValue<string>();
        await server.RestartAsync(Rotated);

        var done = await Reencryption(server).RunAsync(batchSize: 1, report: null, CancellationToken.None);

        Assert.Equal(new ReencryptionProgress(4, 0, 0), done);
        // The old key retired: the server holds the new key and an unrelated previous one.
        await server.RestartAsync(new Dictionary<string, string?> { ["Switchboard:EncryptionKeys:Previous:0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var after = await server.Client.CreateCompanyIdAsync();
        var received = await receiver.NextAsync(2);
        Assert.All(received, w => Assert.Equal(after, w.Payload["id"]!.GetValue<string>()));
        Assert.NotEqual(companyId, after);
        var fromRotated = received.Single(w => w.Signature.Contains(' ', StringComparison.Ordinal));
        fromRotated.AssertSignedWith(secondSecret);
        fromRotated.AssertSignedWith(firstSecret);
        received.Single(w => w != fromRotated).AssertSignedWith(plainSecret);
        Assert.Equal(new ReencryptionProgress(0, 0, 0), await Reencryption(server).RunAsync(batchSize: 1, report: null, CancellationToken.None));
    }

    [Fact]
    public async Task Reencrypt_CoversTheLinkPagesDataProtectionKey_SoAFormOpenedBeforeTheRotationIsAcceptedAfterTheOldKeyIsRetired()
    {
        // Link tokens signed with a key of their own, so the link outlives the rotation (by default they are signed with
        // a key derived from the encryption key).
        await using var server = await RestartableServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:EncryptionKey"] = OldKey,
            ["Switchboard:Link:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var companyId = await server.Client.CreateCompanyIdAsync();
        var connection = await server.Client.CreateConnectionAsync(companyId, "knfz");
        var path = new Uri(connection["linkUrl"]!.GetValue<string>()).PathAndQuery;
        using var browser = LinkForms.CreateBrowserClient();
        // The page's antiforgery token (and its cookie) come from the Data Protection key made for it, sealed under the old key.
        var form = await LinkForms.OpenFormAsync(browser, new Uri(server.Client.BaseAddress!, path).AbsoluteUri, new Dictionary<string, string> { ["apiKey"] = "typed-before" });
        await server.RestartAsync(Rotated);

        await Reencryption(server).RunAsync(batchSize: 10, report: null, CancellationToken.None);

        var newKeyId = new EncryptionKey(Convert.FromBase64String(NewKey)).Id;
        var stored = XElement.Parse(Assert.Single(await KeyRingAsync(server)));
        Assert.Equal(newKeyId, (string?)stored.Descendants(DataProtectionKeyEncryptor.ElementName).Single().Attribute(DataProtectionKeyEncryptor.KeyIdAttribute));
        // The old key retired: the form is still accepted, with the key it was made with (no new one was needed).
        await server.RestartAsync(new Dictionary<string, string?> { ["Switchboard:EncryptionKeys:Previous:0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        using var answer = await LinkForms.PostFormAsync(browser, new Uri(server.Client.BaseAddress!, path).AbsoluteUri, form);
        Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        Assert.Equal("Linked", (await server.Client.GetObjectAsync($"/companies/{companyId}/connections/{connection.Id()}"))["status"]!.GetValue<string>());
        Assert.Single(await KeyRingAsync(server));
    }

    private static async Task<List<string>> KeyRingAsync(RestartableServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<SwitchboardDbContext>>().CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<string>("SELECT xml AS \"Value\" FROM data_protection_keys").ToListAsync();
    }

    private static Dictionary<string, string?> Rotated => new()
    {
        ["Switchboard:EncryptionKey"] = NewKey,
        ["Switchboard:EncryptionKeys:Previous:0"] = OldKey,
    };

    private static CredentialReencryption Reencryption(RestartableServer server) => server.Services.GetRequiredService<CredentialReencryption>();

    /// <summary>Links <paramref name="count"/> Xero connections, each with its own access token; connection id → token.</summary>
    private static async Task<Dictionary<string, string>> LinkConnectionsAsync(RestartableServer server, int count)
    {
        var companyId = await server.Client.CreateCompanyIdAsync();
        var linked = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            // Plaid (banking): a company may link any number of banking connections, unlike accounting ones.
            var id = (await server.Client.CreateConnectionAsync(companyId, "suuo")).Id();
            var token = $"access-{i}-{Guid.NewGuid():N}";
            (await server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = token, ["refreshToken"] = "r" })).EnsureSuccessStatusCode();
            linked[id] = token;
        }

        return linked;
    }

    private static async Task<List<ConnectionEntity>> RowsAsync(RestartableServer server)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<SwitchboardDbContext>>().CreateDbContextAsync();
        return await db.Set<ConnectionEntity>().IgnoreQueryFilters().AsNoTracking().Where(c => c.Credentials != null).ToListAsync();
    }
}
