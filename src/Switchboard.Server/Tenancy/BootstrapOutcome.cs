namespace Switchboard.Server.Tenancy;

/// <summary>
/// What start-up did about the first tenant: <see cref="GeneratedKey"/> is a new key to show once; <see cref="ConfiguredKeyIgnored"/>
/// says the database already had tenants and the configured bootstrap key is not one of its keys (deleted, or never applied).
/// </summary>
public sealed record BootstrapOutcome(string? GeneratedKey, bool ConfiguredKeyIgnored);
