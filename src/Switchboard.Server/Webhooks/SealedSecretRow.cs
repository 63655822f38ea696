using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Webhooks;

/// <summary>A consumer's sealed signing secrets as read for re-encryption: the current one and, during a rotation, the previous one, each with the key that sealed it.</summary>
internal sealed record SealedSecretRow(TenantId Tenant, Guid ConsumerId, string KeyId, byte[] Secret, string? PreviousKeyId, byte[]? Previous);
