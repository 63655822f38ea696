using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.OAuth;

/// <summary>
/// How fast this node may send each platform's token endpoint refreshes: <see cref="TokenOptions.MaxRefreshesPerSecond"/>,
/// or the integration's own <see cref="OAuthSettings.MaxRefreshesPerSecond"/>, as evenly spaced sending slots (one every
/// 1/rate seconds, no burst), so no second-long window of the background's refreshes holds more than the rate. The refresher reserves a slot before
/// it claims a connection, and puts off (unclaimed, not failed) what gets no slot soon enough. An <c>accessToken</c>
/// call's refresh takes the next slot without waiting for it: a caller is waiting, so the background's refreshes yield
/// their place to it, not the other way round. Per node, like <see cref="PlatformPauses"/>: a cluster of N nodes sends
/// a platform up to N times the rate.
/// </summary>
internal sealed class RefreshBudgets(IOptions<SwitchboardOptions> options)
{
    private readonly ConcurrentDictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    /// <summary>
    /// Reserves the platform's next sending slot if it comes by <paramref name="latest"/>: when to send (now or later),
    /// or null, reserving nothing, when the platform's slots are taken until after then.
    /// </summary>
    public DateTime? Reserve(string platformKey, DateTime now, DateTime latest)
    {
        var budget = BudgetOf(platformKey);
        lock (budget)
        {
            var slot = budget.Next > now ? budget.Next : now;
            if (slot > latest)
            {
                return null;
            }

            budget.Next = slot + budget.Interval;
            return slot;
        }
    }

    /// <summary>Takes a slot now, whatever is reserved: the reservations after it move back by one slot's time.</summary>
    public void Spend(string platformKey, DateTime now)
    {
        var budget = BudgetOf(platformKey);
        lock (budget)
        {
            budget.Next = (budget.Next > now ? budget.Next : now) + budget.Interval;
            budget.Sent = budget.Sent > now ? budget.Sent : now;
        }
    }

    /// <summary>
    /// How long a refresh whose reserved slot has come still waits before it is sent: none, unless this node's last
    /// refresh to the platform left less than a slot's time ago. A node that fell behind its slots (a pause in the
    /// process, a busy database) sends what it reserved meanwhile a slot apart, not all together, and the reservations
    /// after them move back as far.
    /// </summary>
    public TimeSpan Turn(string platformKey, DateTime now)
    {
        var budget = BudgetOf(platformKey);
        lock (budget)
        {
            var earliest = budget.Sent + budget.Interval;
            var at = earliest > now ? earliest : now;
            budget.Sent = at;
            if (budget.Next < at + budget.Interval)
            {
                budget.Next = at + budget.Interval;
            }

            return at - now;
        }
    }

    /// <summary>The platform's first free slot, and the time between slots.</summary>
    public (DateTime Next, TimeSpan Interval) Free(string platformKey, DateTime now)
    {
        var budget = BudgetOf(platformKey);
        lock (budget)
        {
            return (budget.Next > now ? budget.Next : now, budget.Interval);
        }
    }

    private Budget BudgetOf(string platformKey) => _budgets.GetOrAdd(platformKey, key =>
    {
        var perSecond = options.Value.Integrations.GetValueOrDefault(key)?.OAuth?.MaxRefreshesPerSecond ?? options.Value.Tokens.MaxRefreshesPerSecond;
        return new Budget(TimeSpan.FromSeconds(1 / perSecond));
    });

    private sealed class Budget(TimeSpan interval)
    {
        public TimeSpan Interval { get; } = interval;

        /// <summary>The first slot not reserved.</summary>
        public DateTime Next { get; set; }

        /// <summary>When this node's last refresh to the platform was sent (or is to be, once its turn comes).</summary>
        public DateTime Sent { get; set; } = DateTime.MinValue;
    }
}
