using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.Server.Integrations;
using Switchboard.Server.Link.Pages;

namespace Switchboard.Server.Link;

/// <summary>The Link pages as answers: each a Razor component rendered by the framework (which encodes every value).</summary>
internal static class LinkPages
{
    /// <summary>The brand shown when the link does not say which tenant it is for.</summary>
    public static readonly LinkBrand Anonymous = new("Switchboard", null);

    public static RazorComponentResult Start(
        LinkBrand brand, IntegrationDefinition integration, IReadOnlyList<CredentialField> fields, AntiforgeryTokenSet antiforgery, string platformLogoUrl) =>
        new RazorComponentResult<StartPage>(new Dictionary<string, object?>
        {
            [nameof(StartPage.Brand)] = brand,
            [nameof(StartPage.Integration)] = integration,
            [nameof(StartPage.Authorization)] = integration.AuthorizationScheme,
            [nameof(StartPage.Fields)] = fields,
            [nameof(StartPage.Antiforgery)] = antiforgery,
            [nameof(StartPage.PlatformLogoUrl)] = platformLogoUrl,
        });

    public static RazorComponentResult Company(LinkBrand brand, string companyName, IReadOnlyList<CompanySection> sections, AntiforgeryTokenSet antiforgery) =>
        new RazorComponentResult<CompanyPage>(new Dictionary<string, object?>
        {
            [nameof(CompanyPage.Brand)] = brand,
            [nameof(CompanyPage.CompanyName)] = companyName,
            [nameof(CompanyPage.Sections)] = sections,
            [nameof(CompanyPage.Antiforgery)] = antiforgery,
        });

    public static RazorComponentResult Message(LinkBrand brand, string title, string message, MessageTone tone, int statusCode, string? platformLogoUrl = null) =>
        new RazorComponentResult<MessagePage>(new Dictionary<string, object?>
        {
            [nameof(MessagePage.Brand)] = brand,
            [nameof(MessagePage.Title)] = title,
            [nameof(MessagePage.Message)] = message,
            [nameof(MessagePage.Tone)] = tone,
            [nameof(MessagePage.PlatformLogoUrl)] = platformLogoUrl,
        })
        { StatusCode = statusCode };

    public static RazorComponentResult Refusal(LinkBrand brand, LinkRefusal refusal) =>
        Message(brand, refusal.Title, refusal.Message, refusal.StatusCode < 300 ? MessageTone.Info : MessageTone.Problem, refusal.StatusCode);

    /// <summary>A form post without a genuine antiforgery token from this site (cross-site request forgery, or a page left open too long).</summary>
    public static RazorComponentResult Forged(LinkBrand brand) => Message(brand, "Please try again",
        "This form could not be checked: it may have been open for too long, or it did not come from this page. Go back, reload the page and try again.",
        MessageTone.Problem, StatusCodes.Status400BadRequest);

    public static RazorComponentResult Unreadable(LinkBrand brand) => Message(brand, "Please try again",
        "The form could not be read. Go back and submit it again.", MessageTone.Problem, StatusCodes.Status400BadRequest);
}
