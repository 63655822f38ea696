using Switchboard.Client.Operations;

namespace Switchboard.Client.Samples;

/// <summary>
/// The examples of docs/sdk/integrations.md.
/// </summary>
public static class IntegrationsSamples
{
    public static async Task ListAsync()
    {
        #region integrations-list
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Integrations.ListAsync(new ListIntegrationsRequest
        {
            Query = "sourceType=Banking",
            OrderBy = "name",
            Page = 1,
            PageSize = 100,
        });

        if (res.StatusCode == 200)
        {
            // handle response: each result's Key is a platform key for Connections.CreateAsync
        }
        #endregion
    }

    public static async Task GetAsync()
    {
        #region integrations-get
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Integrations.GetAsync(new GetIntegrationRequest
        {
            PlatformKey = "gbol",
        });

        if (res.StatusCode == 200)
        {
            // handle response
        }
        #endregion
    }

    public static async Task GetBrandingAsync()
    {
        #region integrations-get-branding
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Integrations.GetBrandingAsync(new GetIntegrationBrandingRequest
        {
            PlatformKey = "gbol",
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Branding.Logo.Full.Image.Src
        }
        #endregion
    }
}
