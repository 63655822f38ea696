namespace Switchboard.Server.Integrations;

/// <summary>The wire shape of an integration's branding (OpenAPI <c>Branding</c>).</summary>
public sealed record Branding(BrandingLogo Logo, BrandingButton Button, Guid SourceId);

public sealed record BrandingLogo(BrandingImage Full, BrandingImage Square);

public sealed record BrandingButton(BrandingImage Default, BrandingImage Hover);

public sealed record BrandingImage(ImageReference Image);

public sealed record ImageReference(string Src, string Alt);
