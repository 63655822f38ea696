using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Credentials;

internal static class SharedDataProtection
{
    /// <summary>
    /// ASP.NET Core Data Protection (used by the Link pages' antiforgery tokens) with its key ring in the database,
    /// encrypted with the credentials encryption key, and one application name on every node, wherever it is
    /// installed: a form served by one node is accepted when posted to another.
    /// </summary>
    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Switchboard");
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = provider.GetRequiredService<DataProtectionKeyStore>();
            options.XmlEncryptor = new DataProtectionKeyEncryptor(provider.GetRequiredService<CredentialProtector>());
        }));
        return services;
    }
}
