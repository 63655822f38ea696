using System.Globalization;
using System.Runtime.CompilerServices;
using Switchboard.Client.Models;

namespace Switchboard.Client.Internal;

/// <summary>
/// Walks a list page by page, following each page's <c>_links.next</c>.
/// </summary>
internal static class Pager
{
    public static async IAsyncEnumerable<TItem> EnumerateAsync<TPage, TItem>(
        int? firstPage,
        Func<int?, CancellationToken, Task<TPage>> fetchPage,
        Func<TPage, IEnumerable<TItem>> items,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TPage : PagingInfo
    {
        var page = firstPage;
        while (true)
        {
            var current = await fetchPage(page, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(current) ?? [])
            {
                yield return item;
            }

            page = NextPageNumber(current);
            if (page is null)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The page number the <c>next</c> link points at, or null on the last page. Only the link's
    /// <c>page</c> parameter is used: the request is re-sent to the client's own base address with the
    /// caller's parameters, so a link can never send the API key to another host.
    /// </summary>
    internal static int? NextPageNumber(PagingInfo page)
    {
        var href = page.Links?.Next?.Href;
        if (string.IsNullOrEmpty(href))
        {
            return null;
        }

        var next = PageParameter(href) ?? page.PageNumber + 1;
        // A link that does not move forward would loop for ever.
        return next > page.PageNumber ? next : null;
    }

    private static int? PageParameter(string href)
    {
        var start = href.IndexOf('?', StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        foreach (var pair in href[(start + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0
                && pair[..equals].Equals("page", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(Uri.UnescapeDataString(pair[(equals + 1)..]), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
        }

        return null;
    }
}
