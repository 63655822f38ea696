using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class DependencyInjectionTests
{
    [Fact]
    public async Task AddSwitchboardClient_RegistersAClientThatSendsThroughTheFactory()
    {
        var time = new RecordingTimeProvider();
        var handler = new FakeHttpHandler(time).Respond(HttpStatusCode.OK, Payloads.Connection);
        var services = new ServiceCollection();

        var builder = services
            .AddSwitchboardClient(o =>
            {
                o.BaseUri = new Uri("https://di.test/api/");
                o.ApiKey = "di-key";
                o.TimeProvider = time;
            })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SwitchboardClient>();

        var response = await client.Connections.GetAsync(
            new GetConnectionRequest { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(SwitchboardServiceCollectionExtensions.HttpClientName, builder.Name);
        Assert.Equal(200, response.StatusCode);
        var request = Assert.Single(handler.Requests);
        Assert.Equal($"https://di.test/api/companies/{TestClient.CompanyId}/connections/{TestClient.ConnectionId}", request.Uri.AbsoluteUri);
        Assert.Equal("Basic ZGkta2V5", request.Header("Authorization"));
    }

    [Fact]
    public void AddSwitchboardClient_ComposesWithOtherOptionsConfiguration()
    {
        var services = new ServiceCollection();
        services.Configure<SwitchboardClientOptions>(o => o.ApiKey = "from-configuration");

        services.AddSwitchboardClient(o => o.BaseUri = new Uri("https://di.test/"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SwitchboardClientOptions>>().Value;

        Assert.Equal("from-configuration", options.ApiKey);
        Assert.Equal(new Uri("https://di.test/"), options.BaseUri);
        Assert.NotNull(provider.GetRequiredService<SwitchboardClient>());
    }
}
