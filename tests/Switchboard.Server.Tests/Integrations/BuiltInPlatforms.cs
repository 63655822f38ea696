namespace Switchboard.Server.Tests.Integrations;

/// <summary>
/// The public platform keys, names and source types the built-in catalogue must hold (a copy of the Codat
/// list, kept here so the tests read nothing outside the test project at run time).
/// </summary>
public static class BuiltInPlatforms
{
    public static IReadOnlyList<(string Key, string Name, string SourceType)> All { get; } =
    [
        ("trji", "Dynamics 365 Business Central", "Accounting"),
        ("rqwd", "Dynamics 365 Finance & Operations", "Accounting"),
        ("qudb", "Exact (Netherlands)", "Accounting"),
        ("pbbf", "Exact (UK)", "Accounting"),
        ("fbrh", "FreeAgent", "Accounting"),
        ("vxvy", "FreshBooks", "Accounting"),
        ("pdvj", "MYOB Business", "Accounting"),
        ("akxx", "Oracle NetSuite", "Accounting"),
        ("pqsw", "QuickBooks Desktop", "Accounting"),
        ("qhyg", "QuickBooks Online", "Accounting"),
        ("ndsk", "QuickBooks Online Sandbox", "Accounting"),
        ("jcrp", "Sage 200 Standard", "Accounting"),
        ("hbql", "Sage 50 (UK)", "Accounting"),
        ("tgff", "Sage Accounting", "Accounting"),
        ("knfz", "Sage Intacct", "Accounting"),
        ("mqjo", "Sandbox", "Accounting"),
        ("pbtz", "Wave", "Accounting"),
        ("rvam", "Workday", "Accounting"),
        ("gbol", "Xero", "Accounting"),
        ("rwuv", "Zoho Books", "Accounting"),
        ("suuo", "Plaid", "Banking"),
        ("upvr", "TrueLayer", "Banking"),
        ("qkdj", "Amazon Seller Central", "Commerce"),
        ("vqzp", "BigCommerce", "Commerce"),
        ("fqly", "Clover", "Commerce"),
        ("aiwb", "Commerce Sandbox", "Commerce"),
        ("ldgh", "Lightspeed K", "Commerce"),
        ("lrhd", "Lightspeed K Sandbox", "Commerce"),
        ("ltes", "Lightspeed K Trial", "Commerce"),
        ("lqai", "Partner Commerce", "Commerce"),
        ("fztf", "Shopify", "Commerce"),
        ("zsth", "Square", "Commerce"),
        ("xcwv", "Square Sandbox", "Commerce"),
        ("exgd", "Stripe", "Commerce"),
        ("yzth", "Stripe Test", "Commerce"),
        ("ltpp", "WooCommerce", "Commerce"),
        ("ugxp", "Zettle", "Commerce"),
    ];
}
