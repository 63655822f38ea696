using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Errors;

/// <summary>Addresses and methods the server does not serve still answer an ErrorMessage, not an empty body.</summary>
public sealed class RoutingErrorTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/nothing-here")]
    [InlineData("GET", "/company")]
    [InlineData("POST", "/nothing-here")]
    [InlineData("GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/nothing")]
    [InlineData("GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171/nothing")]
    [InlineData("GET", "/integrations/gbol/nothing")]
    public async Task UnknownRoute_Returns404ErrorMessage(string method, string path)
    {
        var response = await _server.Client.SendAsync(new HttpMethod(method), path);

        await response.ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("DELETE", "/companies")]
    [InlineData("PUT", "/companies")]
    [InlineData("PATCH", "/companies")]
    [InlineData("POST", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002")]
    [InlineData("PUT", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections")]
    [InlineData("DELETE", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections")]
    [InlineData("POST", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171")]
    [InlineData("PUT", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171")]
    [InlineData("GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171/authorization")]
    [InlineData("POST", "/integrations")]
    [InlineData("DELETE", "/integrations/gbol")]
    [InlineData("POST", "/integrations/gbol/branding")]
    public async Task WrongMethod_Returns405ErrorMessage(string method, string path)
    {
        var response = await _server.Client.SendAsync(new HttpMethod(method), path, "{}");

        await response.ReadErrorAsync(HttpStatusCode.MethodNotAllowed);
    }
}
