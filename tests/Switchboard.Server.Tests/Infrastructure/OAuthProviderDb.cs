using Microsoft.EntityFrameworkCore;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>The test provider's own store (OpenIddict's applications, authorizations and tokens).</summary>
public sealed class OAuthProviderDb(DbContextOptions<OAuthProviderDb> options) : DbContext(options);
