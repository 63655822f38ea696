using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>A write transaction of a test server's own, for tests that call a store directly.</summary>
internal static class WriteUnits
{
    /// <summary>Begins a unit of work on the scope's context, taking the server's write turn as the server's own writers do.</summary>
    public static Task<UnitOfWork> BeginWorkAsync(this AsyncServiceScope scope) => UnitOfWork.BeginAsync(
        scope.ServiceProvider.GetRequiredService<SwitchboardDbContext>(), scope.ServiceProvider.GetRequiredService<WriteGate>(), CancellationToken.None);
}
