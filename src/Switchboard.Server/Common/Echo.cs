namespace Switchboard.Server.Common;

/// <summary>How a client's input is quoted back in an error message: whole when short, cut when long.</summary>
internal static class Echo
{
    public const int MaxLength = 40;

    public static string Shorten(string value) => value.Length <= MaxLength ? value : value[..MaxLength] + "…";
}
