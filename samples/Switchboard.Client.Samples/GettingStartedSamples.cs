using Microsoft.Extensions.DependencyInjection;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client.Samples;

/// <summary>
/// The examples of docs/sdk/README.md.
/// </summary>
public static class GettingStartedSamples
{
    public static async Task QuickStartAsync()
    {
        #region quick-start
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var company = await sdk.Companies.CreateAsync(new CompanyRequestBody { Name = "Toft stores" });

        var created = await sdk.Connections.CreateAsync(new CreateConnectionRequest
        {
            CompanyId = company.Company.Id,
            RequestBody = new CreateConnectionRequestBody { PlatformKey = "gbol" },
        });

        // Send the company's user to created.Connection.LinkUrl to authorize the connection.
        Console.WriteLine(created.Connection.LinkUrl);
        #endregion
    }

    public static void AuthHeader()
    {
        #region auth-header
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("https://switchboard.example.com"),
            AuthHeader = "Basic BASE_64_ENCODED(API_KEY)",
        });
        #endregion
    }

    public static async Task RetriesAsync()
    {
        #region retries
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
            RetryConfig = new RetryConfig
            {
                Strategy = RetryStrategy.Backoff,
                Backoff = new BackoffStrategy
                {
                    InitialInterval = TimeSpan.FromMilliseconds(200),
                    MaxInterval = TimeSpan.FromSeconds(10),
                    Exponent = 2,
                    MaxElapsedTime = TimeSpan.FromMinutes(2),
                },
                RetryConnectionErrors = true,
            },
        });

        // One call without retries, and with its own time limit and header:
        var res = await sdk.Connections.GetAsync(
            new GetConnectionRequest
            {
                CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
                ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
            },
            retries: RetryConfig.None,
            options: new RequestOptions
            {
                Timeout = TimeSpan.FromSeconds(5),
                Headers = { ["X-Request-Source"] = "nightly-job" },
            });
        #endregion
    }

    public static async Task ErrorsAsync()
    {
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions { ApiKey = "YOUR_API_KEY" });

        #region errors
        try
        {
            await sdk.Connections.UnlinkAsync(new UnlinkConnectionRequest
            {
                CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
                ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
            });
        }
        catch (SwitchboardApiException e) when (e.StatusCode == 409)
        {
            // Only a Linked connection can be unlinked; e.ErrorMessage.Error says why.
            Console.WriteLine($"{e.ErrorMessage?.Error} (correlation id {e.CorrelationId})");
        }
        catch (SwitchboardApiException e)
        {
            foreach (var item in e.ErrorMessage?.Validation?.Errors ?? [])
            {
                Console.WriteLine($"{item.ItemId}: {item.Message}");
            }

            throw;
        }
        catch (SwitchboardUnexpectedResponseException e)
        {
            // Not the API's answer (a proxy's error page, say): the raw body is kept.
            Console.WriteLine($"{e.StatusCode} {e.ContentType}: {e.Body}");
            throw;
        }
        #endregion
    }

    #region dependency-injection
    public static void ConfigureServices(IServiceCollection services, string apiKey)
    {
        services
            .AddSwitchboardClient(options =>
            {
                options.BaseUri = new Uri("http://localhost:5000");
                options.ApiKey = apiKey;
            })
            .AddHttpMessageHandler(() => new LoggingHandler());
    }

    // Any class can then take the client in its constructor:
    public sealed class ConnectionReport(SwitchboardClient switchboard)
    {
        public async Task<int> CountLinkedAsync(string companyId, CancellationToken cancellationToken)
        {
            var count = 0;
            var request = new ListConnectionsRequest { CompanyId = companyId, Query = "status=Linked" };
            await foreach (var connection in switchboard.Connections.ListAllAsync(request, cancellationToken: cancellationToken))
            {
                count++;
            }

            return count;
        }
    }
    #endregion

    public static void ExtensibleEnums(Connection connection)
    {
        #region extensible-enums
        if (connection.Status == DataConnectionStatus.Linked)
        {
            // ready to use
        }
        else if (connection.Status == DataConnectionStatus.Deauthorized)
        {
            // ask the company to authorize again
        }
        else
        {
            // a status this SDK version may not know yet is kept as its text
            Console.WriteLine($"Status: {connection.Status}");
        }
        #endregion
    }

    public sealed class LoggingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Console.WriteLine($"{request.Method} {request.RequestUri}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
