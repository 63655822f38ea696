using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Switchboard.Server.Errors;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Processes;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// <c>Switchboard__Logging__Format=json</c> on a real server process: every line on standard output is one JSON object;
/// a request's line carries its trace id, tenant id, route, status and duration; and no secret reaches any line.
/// </summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task JsonFormat_WritesOneObjectPerLine_WithTheRequestsFields_AndNoSecret()
    {
        await using var database = await SharedDatabase.CreateAsync();
        var options = database.NodeOptions with
        {
            Extra = new Dictionary<string, string>(database.NodeOptions.Extra)
            {
                ["Switchboard__Logging__Format"] = "json",
                // Every request's line (successes are logged at Debug), and everything the framework says.
                ["Logging__LogLevel__Default"] = "Trace",
                ["Logging__LogLevel__Microsoft"] = "Trace",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
                ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Trace",
                ["Logging__LogLevel__Switchboard.Server.Auth.ApiKeyAuthenticationHandler"] = "Trace",
            },
        };
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string createdKey;
        string correlationId;
        string companyId;
        string output;
        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient(database.ApiKey);
            companyId = (await (await client.PostAsync("/companies", Api.Json("""{"name":"Logged Ltd"}"""))).ReadObjectAsync(HttpStatusCode.OK)).Id();
            var connectionId = (await client.CreateConnectionAsync(companyId)).Id();
            var authorized = await client.AuthorizeAsync(companyId, connectionId, new Dictionary<string, string> { ["accessToken"] = secret, ["refreshToken"] = secret + "-r" });
            Assert.True(authorized.StatusCode == HttpStatusCode.OK, await authorized.Content.ReadAsStringAsync());
            createdKey = (await (await client.PostAsync("/apiKeys", Api.Json("""{"name":"logged"}"""))).ReadObjectAsync(HttpStatusCode.Created))["apiKey"].Str();
            var missing = await client.GetAsync($"/companies/{companyId}/connections/{Guid.NewGuid()}");
            correlationId = (await missing.ReadErrorAsync(HttpStatusCode.NotFound))["correlationId"].Str();
            Assert.Equal(0, await server.StopAsync());
            output = server.StandardOutput + "\n" + server.StandardError;
            var lines = server.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            var entries = lines.Select(line =>
            {
                try
                {
                    return JsonNode.Parse(line)!.AsObject();
                }
                catch (System.Text.Json.JsonException)
                {
                    Assert.Fail($"Not one JSON object: {line}");
                    throw;
                }
            }).ToList();

            var request = Assert.Single(entries, e =>
                e["Category"].Str() == typeof(CorrelationMiddleware).FullName && e["State"]?["CorrelationId"]?.ToString() == correlationId);
            var state = request["State"]!;
            Assert.Equal("/companies/{companyId}/connections/{connectionId}", state["Route"].Str());
            Assert.Equal("404", state["StatusCode"]!.ToString());
            Assert.True(double.TryParse(state["ElapsedMs"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture, out _));
            Assert.True(Guid.TryParse(state["TenantId"].Str(), out _), state["TenantId"]!.ToString());
            Assert.Contains(request["Scopes"]!.AsArray(), scope => scope?["TraceId"]?.ToString() == correlationId);
        }

        Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(createdKey, output, StringComparison.Ordinal);
        Assert.DoesNotContain(database.ApiKey, output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A level set for one output (<c>Logging__Console__LogLevel__…</c>, the usual way to make the console chatty)
    /// outranks every level set for all outputs; the request line, which carries the query string (a platform's
    /// authorization code on <c>/link/callback</c>, a Link page's token), still reaches no output.
    /// </summary>
    [Fact]
    public async Task A_Level_Set_For_The_Console_Alone_Lets_No_Query_String_Into_The_Log()
    {
        await using var database = await SharedDatabase.CreateAsync();
        var options = database.NodeOptions with
        {
            Extra = new Dictionary<string, string>(database.NodeOptions.Extra)
            {
                ["Logging__Console__LogLevel__Default"] = "Trace",
                ["Logging__Console__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
                ["Logging__Console__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics*"] = "Trace",
            },
        };
        var code = "code" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var state = "state" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var token = "token" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string output;
        string[] linkTokens;
        await using (var server = await ServerProcess.StartAsync(options))
        {
            using var client = server.CreateClient(apiKey: null);
            using var callback = await client.GetAsync($"/link/callback?code={code}&state={state}");
            Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
            using var page = await client.GetAsync($"/link/companies/{Guid.NewGuid()}?token={token}");
            Assert.NotEqual(HttpStatusCode.InternalServerError, page.StatusCode);

            // A company's Link page, and choosing a platform there: a redirect to the new connection's page, with its token.
            using var api = server.CreateClient(database.ApiKey);
            var companyLink = (await (await api.PostAsync("/companies", Api.Json("""{"name":"Linked in the log Ltd"}"""))).ReadObjectAsync(HttpStatusCode.OK))["redirect"].Str();
            using var browser = LinkForms.CreateBrowserClient();
            // The link names the server's public address; this process answers on loopback.
            var local = new Uri(api.BaseAddress!, new Uri(companyLink).PathAndQuery).AbsoluteUri;
            using var chosen = await LinkForms.SubmitFormAsync(browser, local, new Dictionary<string, string> { ["platformKey"] = "knfz" });
            Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
            linkTokens = [TokenOf(companyLink), TokenOf(chosen.Headers.Location!.AbsoluteUri)];
            Assert.Equal(0, await server.StopAsync());
            output = server.StandardOutput + "\n" + server.StandardError;
        }

        // The console did log at Trace (so the level took effect), and the requests are in it by their path alone.
        Assert.Contains("trce:", output, StringComparison.Ordinal);
        Assert.Contains("/link/callback", output, StringComparison.Ordinal);
        Assert.DoesNotContain(code, output, StringComparison.Ordinal);
        Assert.DoesNotContain(state, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.All(linkTokens, linkToken => Assert.DoesNotContain(linkToken, output, StringComparison.Ordinal));
    }

    private static string TokenOf(string url)
    {
        var token = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query)["token"].ToString();
        Assert.True(token.Length > 20, $"No link token in {url}");
        return token;
    }
}
