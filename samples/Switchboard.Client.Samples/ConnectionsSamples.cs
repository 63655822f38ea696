#region connections-usings
using Switchboard.Client;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;
#endregion

namespace Switchboard.Client.Samples;

/// <summary>
/// The examples of docs/sdk/connections.md.
/// </summary>
public static class ConnectionsSamples
{
    public static async Task CreateAsync()
    {
        #region connections-create
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Connections.CreateAsync(new CreateConnectionRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            RequestBody = new CreateConnectionRequestBody
            {
                PlatformKey = "gbol",
            },
        });

        if (res.StatusCode == 200)
        {
            // handle response: send the company to res.Connection.LinkUrl to authorize it
        }
        #endregion
    }

    public static async Task DeleteAsync()
    {
        #region connections-delete
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Connections.DeleteAsync(new DeleteConnectionRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
        });

        if (res.StatusCode == 200)
        {
            // handle response
        }
        #endregion
    }

    public static async Task GetAsync()
    {
        #region connections-get
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Connections.GetAsync(new GetConnectionRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Connection.Status is PendingAuth, Linked, Unlinked or Deauthorized
        }
        #endregion
    }

    public static async Task ListAsync()
    {
        #region connections-list
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Connections.ListAsync(new ListConnectionsRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            OrderBy = "-created",
            Page = 1,
            PageSize = 100,
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Connections.Results, res.Connections.TotalResults
        }
        #endregion
    }

    public static async Task ListAllAsync()
    {
        #region connections-list-all
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var request = new ListConnectionsRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            Query = "status=Linked&&sourceType=Accounting",
            PageSize = 500,
        };

        await foreach (var connection in sdk.Connections.ListAllAsync(request))
        {
            Console.WriteLine($"{connection.Id} {connection.PlatformName} {connection.Status}");
        }
        #endregion
    }

    public static async Task UnlinkAsync()
    {
        #region connections-unlink
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Connections.UnlinkAsync(new UnlinkConnectionRequest
        {
            UpdateConnectionStatus = new UpdateConnectionStatus(),
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Connection.Status is Unlinked
        }
        #endregion
    }

    public static async Task CreateLinkAsync()
    {
        #region connections-create-link
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Connections.CreateLinkAsync(new CreateLinkRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
        });

        if (res.StatusCode == 200)
        {
            // send the company's user to res.ConnectionLink.LinkUrl before res.ConnectionLink.ExpiresAt
        }
        #endregion
    }

    public static async Task UpdateAuthorizationAsync()
    {
        #region connections-update-authorization
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Connections.UpdateAuthorizationAsync(new UpdateConnectionAuthorizationRequest
        {
            RequestBody = new Dictionary<string, string>
            {
                ["Neptunium"] = "Books",
            },
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171",
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Connection.Status is Linked
        }
        #endregion
    }
}
