using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Credentials;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// The Link pages' antiforgery tokens work across nodes: ASP.NET Core Data Protection's key ring lives in the shared
/// database (both backends), its master keys encrypted with the credentials encryption key. Two nodes started at once
/// (<see cref="TwoNodes"/>), so both may have made a key.
/// </summary>
public sealed class SharedDataProtectionTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task A_Link_Form_Served_By_One_Node_Is_Accepted_When_Posted_To_The_Other()
    {
        foreach (var (serving, posting) in new[] { (nodes.A, nodes.B), (nodes.B, nodes.A) })
        {
            var company = await nodes.ClientA.CreateCompanyIdAsync("Two nodes, one form Ltd");
            var connection = await nodes.ClientA.CreateConnectionAsync(company, "knfz");
            var path = new Uri(connection["linkUrl"]!.GetValue<string>()).PathAndQuery;
            using var browser = LinkForms.CreateBrowserClient();

            using var answer = await LinkForms.SubmitFormAsync(
                browser, new Uri(serving.BaseAddress, path).AbsoluteUri, new Dictionary<string, string> { ["apiKey"] = "typed-on-one-node" },
                postTo: new Uri(posting.BaseAddress, path).AbsoluteUri);

            Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            var linked = await nodes.ClientB.GetObjectAsync($"/companies/{company}/connections/{connection.Id()}");
            Assert.Equal("Linked", linked["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_Shared_Key_Ring_Holds_No_Master_Key_In_Plaintext()
    {
        var rows = await nodes.Database.TextColumnAsync("SELECT xml FROM data_protection_keys");

        Assert.NotEmpty(rows);
        var protector = new CredentialProtector(new EncryptionKeyRing(Convert.FromBase64String(nodes.Database.NodeOptions.EncryptionKey)));
        using var services = new ServiceCollection().AddSingleton(protector).BuildServiceProvider();
        var decryptor = new DataProtectionKeyDecryptor(services);
        var database = await ReadDatabaseFilesAsync();
        foreach (var row in rows)
        {
            var key = XElement.Parse(row);
            Assert.DoesNotContain(key.Descendants(), e => e.Name.LocalName == "masterKey");
            var sealedKey = Assert.Single(key.Descendants(), e => e.Name.LocalName == "switchboardEncrypted");

            // With the encryption key, the master key is there; without it, neither its text nor its bytes are anywhere.
            var masterKey = decryptor.Decrypt(sealedKey).DescendantsAndSelf().Single(e => e.Name.LocalName == "masterKey").Value.Trim();
            var masterKeyBytes = Convert.FromBase64String(masterKey);
            Assert.Equal(64, masterKeyBytes.Length);
            Assert.All(rows, r => Assert.DoesNotContain(masterKey, r, StringComparison.Ordinal));
            Assert.Equal(-1, database.AsSpan().IndexOf(Encoding.UTF8.GetBytes(masterKey)));
            Assert.Equal(-1, database.AsSpan().IndexOf(masterKeyBytes));
        }
    }

    /// <summary>On SQLite, the database file and its write-ahead log as bytes; on PostgreSQL the rows are the whole story here.</summary>
    private async Task<byte[]> ReadDatabaseFilesAsync()
    {
        if (nodes.Database.IsPostgres)
        {
            return [];
        }

        var bytes = new List<byte>();
        foreach (var file in new[] { nodes.Database.SqliteFile, nodes.Database.SqliteFile + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            bytes.AddRange(copy.ToArray());
        }

        return [.. bytes];
    }
}
