using Switchboard.Client.Models;

namespace Switchboard.Client.Samples;

/// <summary>
/// The examples of docs/sdk/profile.md.
/// </summary>
public static class ProfileSamples
{
    public static async Task GetAsync()
    {
        #region profile-get
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Profile.GetAsync();

        if (res.StatusCode == 200)
        {
            // handle response: res.Profile.Name is what end users see on the Link pages
        }
        #endregion
    }

    public static async Task UpdateAsync()
    {
        #region profile-update
        using var sdk = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = new Uri("http://localhost:5000"),
            ApiKey = "YOUR_API_KEY",
        });

        var res = await sdk.Profile.UpdateAsync(new Profile
        {
            Name = "Bob's Burgers",
            LogoUrl = "https://bobs-burgers.com/logo.png",
            RedirectUrl = "https://bobs-burgers.com/linked/{companyId}?status={statusCode}",
            WhiteListUrls = ["https://bobs-burgers.com"],
        });

        if (res.StatusCode == 200)
        {
            // handle response: res.Profile is the profile as stored
        }
        #endregion
    }
}
