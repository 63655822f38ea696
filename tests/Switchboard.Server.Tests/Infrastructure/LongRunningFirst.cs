using Switchboard.Server.Tests.Infrastructure;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(LongRunningFirst))]

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A test class that runs for a minute or more, mostly waiting (token lifetimes, retry schedules, other processes):
/// <see cref="LongRunningFirst"/> starts it before the others.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute;

/// <summary>
/// Starts the <see cref="LongRunningAttribute"/> classes first, the rest after them in xunit's own (shuffled) order.
/// The suite runs four tests at a time; in xunit's order a long class could start last and run alone while the other
/// slots stood empty (in one PostgreSQL pass, RefreshSpreadTests started at 327 s and ran until 416 s, of 426).
/// </summary>
public sealed class LongRunningFirst : ITestCollectionOrderer
{
    private const string PerClassPrefix = "Test collection for ";

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections).OrderBy(collection => IsLongRunning(collection) ? 0 : 1)];

    private static bool IsLongRunning(ITestCollection collection)
    {
        // A class without a [Collection] of its own is a collection by itself: "Test collection for {class} (id: …)".
        var name = collection.TestCollectionDisplayName;
        if (!name.StartsWith(PerClassPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        name = name[PerClassPrefix.Length..];
        var id = name.IndexOf(" (", StringComparison.Ordinal);
        return typeof(LongRunningFirst).Assembly.GetType(id < 0 ? name : name[..id]) is { } type
            && type.IsDefined(typeof(LongRunningAttribute), inherit: false);
    }
}
