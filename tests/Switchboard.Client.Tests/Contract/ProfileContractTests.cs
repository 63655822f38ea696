using Switchboard.Client.Models;
using Switchboard.Client.Tests.Contract.Host;

namespace Switchboard.Client.Tests.Contract;

/// <summary>The Profile operations of the SDK against the real server: the defaults, a replacement read back, bad input.</summary>
[Trait("Category", "Contract")]
public sealed class ProfileContractTests(SharedContractServer shared) : IClassFixture<SharedContractServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_BeforeAnyUpdate_GivesTheDefaults()
    {
        var t = await shared.NewTenantAsync();

        var got = await t.Sdk.Profile.GetAsync(cancellationToken: Ct);

        Assert.Equal(200, got.StatusCode);
        Assert.False(string.IsNullOrEmpty(got.Profile.Name));
        Assert.Equal("", got.Profile.RedirectUrl);
        Assert.Null(got.Profile.LogoUrl);
        Assert.Empty(got.Profile.WhiteListUrls!);
    }

    [Fact]
    public async Task Update_ReplacesTheProfile_AndGetReadsItBack()
    {
        var t = await shared.NewTenantAsync();
        var profile = new Profile
        {
            Name = "Bob's Burgers",
            LogoUrl = "https://bobs-burgers.com/logo.png",
            IconUrl = "https://bobs-burgers.com/icon.ico",
            RedirectUrl = "https://bobs-burgers.com/linked/{companyId}?status={statusCode}",
            WhiteListUrls = ["https://bobs-burgers.com"],
            ConfirmCompanyName = true,
        };

        var updated = await t.Sdk.Profile.UpdateAsync(profile, cancellationToken: Ct);
        var got = (await t.Sdk.Profile.GetAsync(cancellationToken: Ct)).Profile;

        Assert.Equal(200, updated.StatusCode);
        Assert.Equal("PUT", updated.RawResponse!.RequestMessage!.Method.Method);
        foreach (var stored in new[] { updated.Profile, got })
        {
            Assert.Equal(profile.Name, stored.Name);
            Assert.Equal(profile.LogoUrl, stored.LogoUrl);
            Assert.Equal(profile.IconUrl, stored.IconUrl);
            Assert.Equal(profile.RedirectUrl, stored.RedirectUrl);
            Assert.Equal(profile.WhiteListUrls, stored.WhiteListUrls!);
            Assert.True(stored.ConfirmCompanyName);
        }

        // A replacement, not a merge: what is left out goes back to its default.
        var replaced = (await t.Sdk.Profile.UpdateAsync(new Profile { Name = "Bob's", RedirectUrl = "" }, cancellationToken: Ct)).Profile;
        Assert.Null(replaced.LogoUrl);
        Assert.Empty(replaced.WhiteListUrls!);
        Assert.Equal("", replaced.RedirectUrl);
    }

    [Fact]
    public async Task Update_WithALogoThatIsNotHttps_ThrowsTheErrorMessage_AndChangesNothing()
    {
        var t = await shared.NewTenantAsync();
        var before = (await t.Sdk.Profile.GetAsync(cancellationToken: Ct)).Profile;
        const string message = "logoUrl must be an absolute https URL of at most 2000 characters.";

        var error = await ApiErrorAssert.ThrowsAsync(400, message, () =>
            t.Sdk.Profile.UpdateAsync(new Profile { Name = "Bob's", RedirectUrl = "", LogoUrl = "http://bobs-burgers.com/logo.png" }, cancellationToken: Ct));

        ApiErrorAssert.SingleValidationError(error, "logoUrl", message, "Switchboard");
        Assert.Equal(before.Name, (await t.Sdk.Profile.GetAsync(cancellationToken: Ct)).Profile.Name);
    }
}
