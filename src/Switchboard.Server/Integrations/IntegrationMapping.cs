using Switchboard.Server.Common;

namespace Switchboard.Server.Integrations;

internal static class IntegrationMapping
{
    public static Integration ToIntegration(this IntegrationDefinition definition, PublicUrls urls) => new()
    {
        Key = definition.Key,
        LogoUrl = definition.LogoUrl ?? urls.Logo(definition.Key),
        Name = definition.Name,
        Enabled = definition.Enabled,
        SourceId = definition.SourceId,
        SourceType = definition.SourceType,
        IntegrationId = definition.IntegrationId,
        IsOfflineConnector = definition.IsOfflineConnector,
        IsBeta = definition.IsBeta,
        DataProvidedBy = definition.DataProvidedBy,
        DatatypeFeatures = [],
    };

    public static Branding ToBranding(this IntegrationDefinition definition, PublicUrls urls)
    {
        var image = new BrandingImage(new ImageReference(definition.LogoUrl ?? urls.Logo(definition.Key), $"{definition.Name} logo"));
        var button = new BrandingImage(new ImageReference(definition.LogoUrl ?? urls.Logo(definition.Key), $"Connect to {definition.Name}"));
        return new Branding(new BrandingLogo(image, image), new BrandingButton(button, button), definition.SourceId);
    }
}
