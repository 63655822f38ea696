using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client.Samples;

/// <summary>
/// The examples of docs/sdk/companies.md.
/// </summary>
public static class CompaniesSamples
{
    public static async Task CreateAsync()
    {
        #region companies-create
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Companies.CreateAsync(new CompanyRequestBody
        {
            Name = "Toft stores",
            Description = "Requested early access to the new financing scheme.",
            Tags = new Dictionary<string, string>
            {
                ["region"] = "uk",
            },
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Company.Id identifies the company from now on
        }
        #endregion
    }

    public static async Task ListAsync()
    {
        #region companies-list
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Companies.ListAsync(new ListCompaniesRequest
        {
            Query = "name~Toft",
            OrderBy = "-created",
            Page = 1,
            PageSize = 100,
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Companies.Results, res.Companies.TotalResults
        }
        #endregion
    }

    public static async Task GetAsync()
    {
        #region companies-get
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Companies.GetAsync(new GetCompanyRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Company.DataConnections lists its connections
        }
        #endregion
    }

    public static async Task ReplaceAsync()
    {
        #region companies-replace
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Companies.ReplaceAsync(new ReplaceCompanyRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            CompanyRequestBody = new CompanyRequestBody
            {
                Name = "Toft stores (UK)",
            },
        });

        if (res.StatusCode == 200)
        {
            // handle response
        }
        #endregion
    }

    public static async Task UpdateAsync()
    {
        #region companies-update
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Companies.UpdateAsync(new UpdateCompanyRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
            CompanyUpdateRequest = new CompanyUpdateRequest
            {
                Tags = new Dictionary<string, string>
                {
                    ["reference"] = "new reference",
                },
            },
        });

        if (res.StatusCode == 200)
        {
            // handle response
        }
        #endregion
    }

    public static async Task DeleteAsync()
    {
        #region companies-delete
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Companies.DeleteAsync(new DeleteCompanyRequest
        {
            CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002",
        });

        if (res.StatusCode == 204)
        {
            // handle response
        }
        #endregion
    }
}
