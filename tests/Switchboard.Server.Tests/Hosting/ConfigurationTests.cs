using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Credentials;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Hosting;

/// <summary>
/// Settings are checked on start: a wrong one stops the server with a message naming it. Also the encryption
/// key's sources (setting, file, generated in Development only) and the public base URL of links.
/// </summary>
public sealed class ConfigurationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Switchboard:PublicBaseUrl", "not a url", "Switchboard:PublicBaseUrl" },
        { "Switchboard:PublicBaseUrl", "ftp://files.example.com", "Switchboard:PublicBaseUrl" },
        { "Switchboard:PublicBaseUrl", "https://link.example.com/?a=1", "Switchboard:PublicBaseUrl" },
        { "Switchboard:PublicBaseUrl", "/relative/path", "Switchboard:PublicBaseUrl" },
        { "Switchboard:EncryptionKey", "not base64 at all!", "Switchboard:EncryptionKey" },
        { "Switchboard:EncryptionKey", Convert.ToBase64String(new byte[16]), "Switchboard:EncryptionKey" },
        { "Switchboard:EncryptionKeyFile", "/nonexistent/switchboard.key", "Switchboard:EncryptionKeyFile" },
        { "Switchboard:BootstrapApiKey", "short", "Switchboard:BootstrapApiKey" },
        { "Switchboard:BootstrapApiKey", "has spaces in the middle of it", "Switchboard:BootstrapApiKey" },
        { "Switchboard:Database:BusyTimeout", "00:00:00", "Switchboard:Database:BusyTimeout" },
        { "Switchboard:Database:Provider", "Oracle", "Switchboard:Database:Provider" },
        { "Switchboard:ForwardedHeaders:KnownProxies:0", "proxy.internal", "Switchboard:ForwardedHeaders:KnownProxies:0" },
        { "Switchboard:ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "Switchboard:ForwardedHeaders:KnownNetworks:0" },
        { "Switchboard:Integrations:ABCD:Name", "Upper-case key", "Switchboard:Integrations:ABCD" },
        { "Switchboard:Integrations:abcd:SourceType", "Spaceship", "Switchboard:Integrations:abcd:SourceType" },
        { "Switchboard:Integrations:abcd:LogoUrl", "not a url", "Switchboard:Integrations:abcd:LogoUrl" },
        { "Switchboard:Integrations:abcd:AuthorizationKeys:0", " ", "Switchboard:Integrations:abcd:AuthorizationKeys" },
        { "Switchboard:Integrations:abcd:AuthorizationScheme", "Magic", "Switchboard:Integrations:abcd:AuthorizationScheme" },
        { "Switchboard:Integrations:abcd:AuthorizationScheme", "OAuth2", "Switchboard:Integrations:abcd:OAuth:AuthorizeUrl" },
        { "Switchboard:Integrations:gbol:OAuth:ClientAuthentication", "jwt", "Switchboard:Integrations:gbol:OAuth:ClientAuthentication" },
        { "Switchboard:Integrations:gbol:OAuth:TokenUrl", "not a url", "Switchboard:Integrations:gbol:OAuth:TokenUrl" },
        { "Switchboard:Integrations:gbol:OAuth:ClientId", "an-id-without-a-secret", "Switchboard:Integrations:gbol:OAuth: ClientId and ClientSecret" },
        { "Switchboard:Integrations:gbol:OAuth:ClientSecretFile", "/nonexistent/xero-secret", "Switchboard:Integrations:gbol:OAuth:ClientSecretFile" },
        { "Switchboard:Tokens:RefreshBefore", "-00:01:00", "Switchboard:Tokens" },
        { "Switchboard:Tokens:PollInterval", "00:00:00", "Switchboard:Tokens" },
        { "Switchboard:Tokens:RetryBackoff", "00:00:00", "Switchboard:Tokens" },
        { "Switchboard:Tokens:MaxRetryBackoff", "00:00:01", "Switchboard:Tokens:MaxRetryBackoff" },
        { "Switchboard:Tokens:MaxConcurrentRefreshes", "0", "MaxConcurrentRefreshes and MaxConcurrentRefreshesPerPlatform must be at least 1" },
        { "Switchboard:Tokens:MaxConcurrentRefreshesPerPlatform", "49", "MaxConcurrentRefreshesPerPlatform no more than MaxConcurrentRefreshes" },
        { "Switchboard:Telemetry:TracesPerSecond", "-1", "Switchboard:Telemetry:TracesPerSecond" },
        { "Switchboard:Telemetry:TracesPerSecond", "0.000001", "Switchboard:Telemetry:TracesPerSecond" },
        { "Switchboard:Telemetry:TracesPerSecond", "many", "Switchboard:Telemetry:TracesPerSecond" },
        { "Switchboard:Telemetry:ConnectionCountInterval", "-00:00:05", "Switchboard:Telemetry:ConnectionCountInterval" },
        { "Switchboard:Telemetry:ConnectionCountInterval", "00:00:00.500", "Switchboard:Telemetry:ConnectionCountInterval" },
        { "Switchboard:Telemetry:ConnectionCountInterval", "2.00:00:00", "Switchboard:Telemetry:ConnectionCountInterval" },
        { "Switchboard:RateLimits:Burst", "ten", "Switchboard:RateLimits:Burst" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Start_WithABadSetting_FailsWithAMessageNamingIt(string setting, string value, string named)
    {
        var settings = new Dictionary<string, string?> { [setting] = value };
        if (setting == "Switchboard:EncryptionKeyFile")
        {
            settings["Switchboard:EncryptionKey"] = string.Empty;
        }

        var exception = await Assert.ThrowsAnyAsync<Exception>(async () => await (await SwitchboardTestServer.StartAsync(settings)).DisposeAsync());

        var messages = Messages(exception);
        Assert.Contains(named, messages, StringComparison.Ordinal);
        // What the server prints instead of a stack trace (Program.cs): one line that names the setting.
        Assert.Contains(named, StartupProblems.Describe(exception) ?? $"(no description: a stack trace for {exception.GetType().Name})", StringComparison.Ordinal);
        if (setting == "Switchboard:EncryptionKey")
        {
            Assert.DoesNotContain(value, messages, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_InProductionWithoutAnEncryptionKey_FailsSayingWhichVariableToSet()
    {
        var settings = new Dictionary<string, string?> { ["Switchboard:EncryptionKey"] = string.Empty };

        var exception = await Assert.ThrowsAnyAsync<Exception>(async () => await (await SwitchboardTestServer.StartAsync(settings, "Production")).DisposeAsync());

        Assert.Contains("Switchboard__EncryptionKey", Messages(exception), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InProductionWithAnEncryptionKey_StartsAndGeneratesNoKeyFile()
    {
        await using var server = await SwitchboardTestServer.StartAsync(environment: "Production");

        var companyId = await server.Client.CreateCompanyIdAsync();

        Assert.True(Guid.TryParse(companyId, out _));
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "encryption.key")));
    }

    [Fact]
    public async Task Start_InProductionWithAnEncryptionKeyFile_UsesIt()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"switchboard-key-{Guid.NewGuid():N}");
        var key = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(key) + "\n");
        try
        {
            await using var server = await SwitchboardTestServer.StartAsync(
                new Dictionary<string, string?> { ["Switchboard:EncryptionKey"] = string.Empty, ["Switchboard:EncryptionKeyFile"] = keyFile },
                "Production");

            var protector = server.Services.GetRequiredService<CredentialProtector>();
            Assert.Equal(new EncryptionKey(key).Id, protector.CurrentKeyId);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task Start_InDevelopmentWithoutAKey_GeneratesAnOwnerOnlyKeyFileInTheDataFolder()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:EncryptionKey"] = string.Empty });

        var path = Path.Combine(server.DataDirectory, "encryption.key");
        Assert.True(File.Exists(path));
        Assert.Equal(32, Convert.FromBase64String((await File.ReadAllTextAsync(path)).Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Contains(server.Logs.Lines, l => l.Contains(path, StringComparison.Ordinal));
        var companyId = await server.Client.CreateCompanyIdAsync();
        var id = (await server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Restart_InDevelopmentWithTheSameDataFolder_ReusesTheGeneratedKey()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Switchboard:EncryptionKey"] = string.Empty, ["Switchboard:DataDirectory"] = dataDirectory };
        var scope = new CredentialScope(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        try
        {
            byte[] blob;
            string keyId;
            string keyText;
            await using (var first = await SwitchboardTestServer.StartAsync(settings))
            {
                var protector = first.Services.GetRequiredService<CredentialProtector>();
                blob = protector.Protect(new Dictionary<string, string> { ["accessToken"] = "kept" }, scope);
                keyId = protector.CurrentKeyId;
                keyText = await File.ReadAllTextAsync(Path.Combine(dataDirectory, "encryption.key"));
            }

            await using var second = await SwitchboardTestServer.StartAsync(settings);

            var again = second.Services.GetRequiredService<CredentialProtector>();
            Assert.Equal(keyText, await File.ReadAllTextAsync(Path.Combine(dataDirectory, "encryption.key")));
            Assert.Equal(keyId, again.CurrentKeyId);
            Assert.Equal("kept", again.Unprotect(blob, keyId, scope)["accessToken"]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("https://link.example.com")]
    [InlineData("https://link.example.com/")]
    public async Task PublicBaseUrl_IsTheStartOfEveryLink(string publicBaseUrl)
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:PublicBaseUrl"] = publicBaseUrl });

        var company = await server.Client.CreateCompanyAsync();
        var connection = await server.Client.CreateConnectionAsync(company.Id());
        var integration = await server.Client.GetObjectAsync("/integrations/gbol");

        Assert.StartsWith($"https://link.example.com/link/companies/{company.Id()}/connections/{connection.Id()}/start?token=", connection["linkUrl"].Str());
        Assert.StartsWith($"https://link.example.com/link/companies/{company.Id()}?token=", company["redirect"].Str());
        Assert.StartsWith("https://link.example.com/link/", integration["logoUrl"].Str(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicBaseUrl_WithAPathPrefix_KeepsThePrefix()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:PublicBaseUrl"] = "https://example.com/switchboard" });

        var company = await server.Client.CreateCompanyAsync();
        var connection = await server.Client.CreateConnectionAsync(company.Id());

        Assert.StartsWith("https://example.com/switchboard/link/companies/", connection["linkUrl"].Str(), StringComparison.Ordinal);
    }

    private static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                messages.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join('\n', messages);
    }
}
