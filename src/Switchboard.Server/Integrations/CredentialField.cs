namespace Switchboard.Server.Integrations;

/// <summary>One field of a <see cref="AuthorizationScheme.Credentials"/> integration's form: the key it is stored under, what the end user sees.</summary>
public sealed record CredentialField(string Name, string Label, string Help);
