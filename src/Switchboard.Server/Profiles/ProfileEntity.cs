namespace Switchboard.Server.Profiles;

/// <summary>A tenant's stored profile (one row per tenant in <c>profiles</c>).</summary>
public sealed class ProfileEntity
{
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? LogoUrl { get; set; }
    public string? IconUrl { get; set; }
    public required string RedirectUrl { get; set; }
    public List<string> WhiteListUrls { get; set; } = [];
    public bool ConfirmCompanyName { get; set; }
    public DateTime Modified { get; set; }
}
